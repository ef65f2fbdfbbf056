// Public operational routes: /healthz, /metrics (Prometheus text) and /v1/openapi.json.
import { register } from 'prom-client';
import type { ProcessListenerStates } from '../../smtp/listener-state.ts';
import type { ApiRoute } from '../api-route.ts';
import { failedListenerCount } from '../listener-status.ts';

/**
 * `document` is built lazily by the app once every route is known; `metrics` gives the /metrics text (default: this
 * process's registry); `listenerStates` this node's listener states.
 */
export function systemRoutes(document: () => Record<string, unknown>,
  sources: { metrics?: () => Promise<string>; listenerStates: () => Promise<ProcessListenerStates[]> }): ApiRoute[] {
  const metrics = sources.metrics ?? (() => register.metrics());
  return [
    {
      // Degraded is still 200 (a health check's "warn"): the relay runs and serves its other listeners, and a restart would
      // not free a port another process holds; monitors read `status` or smtp_listener_up.
      method: 'get', path: '/healthz', tag: 'System', summary: 'Liveness; degraded while an enabled listener failed to start', public: true,
      success: {
        status: 200, description: 'The relay is up; `degraded` while an enabled virtual server\'s listener failed to start (GET /v1/virtual-servers/{id}/status says why)',
        schema: { type: 'object', required: ['status'], properties: { status: { enum: ['ok', 'degraded'] }, failed_listeners: { type: 'integer' } } },
      },
      handle: async () => {
        const failed = failedListenerCount(await sources.listenerStates());
        return { status: 200, json: failed === 0 ? { status: 'ok' } : { status: 'degraded', failed_listeners: failed } };
      },
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
