/** dynalite and kinesalite ship no types: each returns a node http(s) server to `listen()` on. */
declare module 'dynalite' {
  import type { Server } from 'node:net';
  function dynalite(options?: Record<string, unknown>): Server;
  export default dynalite;
}
declare module 'kinesalite' {
  import type { Server } from 'node:net';
  function kinesalite(options?: Record<string, unknown>): Server;
  export default kinesalite;
}
