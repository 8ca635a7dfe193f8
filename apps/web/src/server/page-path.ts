/** Request header the proxy sets to the page's path and query (layouts cannot see the URL). */
export const PAGE_PATH_HEADER = 'x-kiln-page-path';
