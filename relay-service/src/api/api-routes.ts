// The complete route table of the management API and the schemas its OpenAPI document publishes.
import type { SecretBox } from '../auth/secret-box.ts';
import type { ConfigFeed } from '../config/config-reader.ts';
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import type { Logger } from '../logger.ts';
import type { ConfigStore } from '../store/config-store.ts';
import type { ProcessListenerStates } from '../smtp/listener-state.ts';
import type { QueueStore } from '../store/queue-store.ts';
import { exportRoutes } from './routes/export-route.ts';
import { importIisRoutes } from './routes/import-iis-route.ts';
import type { ApiRoute } from './api-route.ts';
import { auditEntrySchema, deadLetterSchema, errorSchema, queuedMessageSchema } from './document-schemas.ts';
import { withManagedBy } from './managed-by.ts';
import { openApiDocument } from './openapi-document.ts';
import { resourceRoutes } from './resource-routes.ts';
import { ResourceService } from './resource-service.ts';
import { accountResource } from './resources/account-resource.ts';
import { connectionRuleResource, relayRuleResource } from './resources/address-rule-resources.ts';
import { certificateResource } from './resources/certificate-resource.ts';
import { directoryResource } from './resources/directory-resource.ts';
import { operatorResource } from './resources/operator-resource.ts';
import { remoteDomainResource } from './resources/remote-domain-resource.ts';
import { virtualServerResource } from './resources/virtual-server-resource.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { deadLetterRoutes } from './routes/dead-letter-routes.ts';
import { queueRoutes } from './routes/queue-routes.ts';
import { outboundCheckRoutes } from './routes/outbound-check-route.ts';
import { relayCheckRoutes } from './routes/relay-check-route.ts';
import { listenerStatusRoutes } from './routes/listener-status-route.ts';
import { statsRoutes } from './routes/stats-routes.ts';
import { statusRoutes } from './routes/status-route.ts';
import { systemRoutes } from './routes/system-routes.ts';
import { tokenRoutes } from './routes/token-routes.ts';

/** What the routes operate on. `queue` is null while no queue store is wired (queue routes answer 503). */
export interface ApiDependencies {
  store: ConfigStore;
  /** The configuration as the data plane sees it, for the relay and outbound checks. */
  reader: ConfigFeed;
  secretBox: SecretBox;
  queue: QueueStore | null;
  /** Where a route logs what it cannot answer with (an audit entry that could not be written after the change). */
  logger: Logger;
  dataDir: string;
  hostName: string;
  /** The Prometheus text served at /metrics; default: this process's registry (cluster mode merges the workers'). */
  metrics?: () => Promise<string>;
  /** The listener states of this node's data-plane processes (one report each); none when absent. */
  listenerStates?: () => Promise<ProcessListenerStates[]>;
}

/** Every configuration resource, in the order the document lists them. */
export const resources = [
  virtualServerResource, operatorResource, connectionRuleResource, relayRuleResource, remoteDomainResource,
  accountResource, certificateResource, directoryResource,
];

/** Every route of the API, the OpenAPI document route included. */
export function apiRoutes(deps: ApiDependencies): ApiRoute[] {
  const schemas: Record<string, JsonSchema> = {
    ...Object.fromEntries(resources.map((r) => [r.title, withManagedBy(r.schema)])),
    Error: errorSchema, AuditEntry: auditEntrySchema, QueuedMessage: queuedMessageSchema, DeadLetter: deadLetterSchema,
  };
  let document: Record<string, unknown> | undefined;
  const listenerStates = deps.listenerStates ?? (async () => []);
  const services = resources.map((definition) => new ResourceService(definition, deps));
  const routes: ApiRoute[] = [
    ...systemRoutes(() => (document ??= openApiDocument(routes, schemas)), { metrics: deps.metrics, listenerStates }),
    ...services.flatMap((service) => resourceRoutes(service)),
    ...listenerStatusRoutes(services.find((s) => s.definition.kind === 'virtual_server')!, listenerStates),
    ...tokenRoutes(deps.store),
    ...queueRoutes(deps.queue, deps.store, deps.logger),
    ...statusRoutes(deps.store, deps.queue, listenerStates),
    ...statsRoutes(deps.store, deps.queue?.traffic ?? null),
    ...deadLetterRoutes(deps.queue, deps.store, deps.logger),
    ...auditRoutes(deps.store),
    ...relayCheckRoutes(deps.store, deps.reader),
    ...outboundCheckRoutes(deps.store, deps.reader),
    ...exportRoutes(deps.store),
    ...importIisRoutes(),
  ];
  return routes;
}
