// Public operational routes: /healthz, /metrics (Prometheus text) and /v1/openapi.json.
import { register } from 'prom-client';
import type { ApiRoute } from '../api-route.ts';

/** `document` is built lazily by the app once every route is known; `metrics` gives the /metrics text (default: this process's registry). */
export function systemRoutes(document: () => Record<string, unknown>, metrics = () => register.metrics()): ApiRoute[] {
  return [
    {
      method: 'get', path: '/healthz', tag: 'System', summary: 'Liveness', public: true,
      success: { status: 200, description: 'The relay is up', schema: { type: 'object', properties: { status: { const: 'ok' } } } },
      handle: async () => ({ status: 200, json: { status: 'ok' } }),
    },
    {
      method: 'get', path: '/metrics', tag: 'System', summary: 'Prometheus metrics', public: true,
      success: { status: 200, description: 'Prometheus text exposition format', schema: { type: 'string' }, contentType: 'text/plain' },
      handle: async () => ({ status: 200, text: await metrics(), headers: { 'Content-Type': register.contentType } }),
    },
    {
      method: 'get', path: '/v1/openapi.json', tag: 'System', summary: 'This API as an OpenAPI 3.1 document', public: true,
      success: { status: 200, description: 'The OpenAPI document', schema: { type: 'object' } },
      handle: async () => ({ status: 200, json: document() }),
    },
  ];
}
