import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from '@tanstack/react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from './api/query.ts';
import { router } from './shell/router.tsx';
// Reads the server's first paint of the page (if any) before the first render replaces it.
import './shell/first-paint.ts';
import 'antd/dist/antd.css';
import './index.css';

const el = document.getElementById('root');
if (!el) throw new Error('#root missing from index.html');
const root = createRoot(el);
// A transition: React renders the first screen in slices and yields to the browser between them (no long task).
const render = () =>
  startTransition(() =>
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </StrictMode>,
    ),
  );
// The route is matched before the first render: rendered while still pending, the router commits an empty #root
// first, and the first paint would vanish until the page is drawn. (Should matching fail, the app still renders.)
void router.load().then(render, render);
