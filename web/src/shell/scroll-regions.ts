/**
 * A table wider than the screen scrolls inside its own box (on a phone, see index.css). A keyboard user must be able
 * to reach that box to scroll it (WCAG 2.1.1; axe's scrollable-region-focusable): an empty table, or one without
 * links, has nothing else to focus. This gives every such box a tab stop, and takes it away when it fits again.
 */
import { useEffect } from 'react';

const SCROLLERS = '.ant-table-content, .ant-table-body';

function mark(): void {
  for (const el of document.querySelectorAll<HTMLElement>(SCROLLERS)) {
    const scrolls = el.scrollWidth > el.clientWidth + 1;
    if (scrolls && !el.hasAttribute('tabindex')) {
      el.tabIndex = 0;
      el.dataset.owScroller = '1';
    } else if (!scrolls && el.dataset.owScroller) {
      el.removeAttribute('tabindex');
      delete el.dataset.owScroller;
    }
  }
}

/** Watches the page (once, in the shell) and keeps scrolling table boxes focusable. */
export function useFocusableScrollRegions(): void {
  useEffect(() => {
    let frame = 0;
    const later = () => {
      if (!frame)
        frame = requestAnimationFrame(() => {
          frame = 0;
          mark();
        });
    };
    const observer = new MutationObserver(later);
    observer.observe(document.body, { childList: true, subtree: true });
    window.addEventListener('resize', later);
    later();
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', later);
      cancelAnimationFrame(frame);
    };
  }, []);
}
