/**
 * The 办事服务 search last shown in this tab (query, region, filter), so that "← 返回办事服务" on a guide returns to
 * the same results, also after a reload of the guide. The search itself lives in the URL (?q=&region=…).
 */
const KEY = 'ow.services.search';

export function rememberServicesSearch(search: string): void {
  try {
    sessionStorage.setItem(KEY, search);
  } catch {
    /* storage disabled: the link goes to an empty search */
  }
}

export function servicesBackUrl(): string {
  let search = '';
  try {
    search = sessionStorage.getItem(KEY) ?? '';
  } catch {
    /* ignore */
  }
  return /^\?[^#]*$/.test(search) ? `/services${search}` : '/services';
}
