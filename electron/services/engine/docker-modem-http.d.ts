// The one internal module of docker-modem that Berth touches (see no-redirects.ts).
declare module 'docker-modem/lib/http.js' {
  import type nativeHttp from 'node:http';
  interface RequestModule {
    request: typeof nativeHttp.request;
    get: typeof nativeHttp.get;
  }
  const modemHttp: { http: RequestModule; https: RequestModule; maxRedirects: number };
  export default modemHttp;
}
