/** The ratings module's pages (好差评); listed in web/src/modules/index.ts. */
import { BarChartOutlined, LikeOutlined, SolutionOutlined, StarOutlined } from '@ant-design/icons';
import type { WebModule } from '../../shell/module.ts';
import { messages } from './messages.ts';

const read = { permission: 'ratings:read' };

export const ratingsModule: WebModule<typeof messages> = {
  id: 'ratings',
  messages,
  routes: [
    {
      path: '/ratings/mine',
      title: 'nav.ratingsMine',
      access: { permission: 'ratings:rate' },
      menu: { key: 'ratings-mine', icon: StarOutlined, order: 310 },
      page: () => import('./pages/MyRatingsPage.tsx').then((m) => m.MyRatingsPage),
    },
    {
      path: '/ratings',
      title: 'nav.ratings',
      access: read,
      menu: { key: 'ratings', icon: LikeOutlined, order: 400 },
      page: () => import('./pages/RatingsPage.tsx').then((m) => m.RatingsPage),
    },
    {
      path: '/ratings/rectifications',
      title: 'nav.ratingsRectifications',
      access: read,
      menu: { key: 'ratings-rectifications', icon: SolutionOutlined, order: 410 },
      page: () => import('./pages/RectificationsPage.tsx').then((m) => m.RectificationsPage),
    },
    {
      path: '/ratings/rectifications/$id',
      title: 'nav.ratingsRectification',
      access: read,
      highlight: 'ratings-rectifications',
      page: () => import('./pages/RectificationPage.tsx').then((m) => m.RectificationPage),
    },
    {
      path: '/ratings/stats',
      title: 'nav.ratingsStats',
      access: read,
      menu: { key: 'ratings-stats', icon: BarChartOutlined, order: 420 },
      page: () => import('./pages/StatsPage.tsx').then((m) => m.StatsPage),
    },
    {
      path: '/ratings/public',
      title: 'nav.ratingsPublic',
      access: 'public',
      portal: { order: 80 },
      page: () => import('./pages/StatsPage.tsx').then((m) => m.PublicStatsPage),
    },
  ],
};
