/** Today's date (yyyy-mm-dd) in Asia/Ho_Chi_Minh: what "current" means for validity dates. */
export function todayVn(now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(now));
}
