/**
 * A Redis URL without its password, for logs and messages. (Its own module: the commands print
 * it without loading the Redis client.)
 */
export function shownUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}
