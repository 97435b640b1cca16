/**
 * Saves a response body as a file, named by its `content-disposition` (else `fallback`): for a file
 * that a POST generates, or an export whose refusal the page shows instead of navigating to it.
 * @example const { response } = await apiClient.GET('/api/x.csv', { parseAs: 'stream' }); await download(response, 'x.csv')
 */
export async function download(res: Response, fallback: string) {
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
