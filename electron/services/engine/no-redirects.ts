import nativeHttp from 'node:http';
import nativeHttps from 'node:https';
// docker-modem sends every request through this module, a copy of an old
// redirect-following wrapper around http/https.
import modemHttp from 'docker-modem/lib/http.js';
import { failCutAnswers } from './cut-answers';

/**
 * Engine requests never follow redirects. dockerd answers a path with `//`,
 * `/./` or `/../` in it with a 301 to the cleaned path; docker-modem's wrapper
 * then builds a URL such as `http:/v1.41/…` and Node's URL parser throws inside
 * the response callback, outside any promise, which ends the process. The
 * Engine API has no redirects of its own, so a 3xx is answered to the caller as
 * an error instead (dockerode reports any status it does not expect).
 *
 * Installed once, by the engine connection, before the first request.
 */
export function refuseEngineRedirects(): void {
  modemHttp.http = plain(nativeHttp);
  modemHttp.https = plain(nativeHttps);
}

interface RequestModule {
  request: typeof nativeHttp.request;
  get: typeof nativeHttp.get;
}

function plain(mod: RequestModule): RequestModule {
  return {
    request: ((...args: Parameters<typeof nativeHttp.request>) => {
      const req = mod.request(...args);
      failCutAnswers(req);
      return req;
    }) as typeof nativeHttp.request,
    get: ((...args: Parameters<typeof nativeHttp.get>) => mod.get(...args)) as typeof nativeHttp.get,
  };
}
