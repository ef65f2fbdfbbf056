// The ephemeral resource RPCs on top of an EphemeralResource: open, renew and close, in protocol terms.
import type { Logger } from '../plugin/logger.ts';
import { decodeDynamicValue, encodeDynamicValue } from '../protocol/dynamic-value.ts';
import type {
  EphemeralResourceInstanceRequest, OpenEphemeralResourceRequest, OpenEphemeralResourceResponse, RenewEphemeralResourceResponse,
} from '../protocol/provider-server.ts';
import { isWhollyKnown } from '../protocol/value.ts';
import { diagnosticsFrom } from './diagnostics-error.ts';
import type { AnyEphemeralResource, EphemeralResourceContext } from './ephemeral-resource.ts';
import { toModel, toState } from './model.ts';
import { planChange } from './plan-change.ts';
import { PrivateData } from './private-data.ts';
import { schemaType } from './schema/object-schema.ts';

/** The RPC handlers for one ephemeral resource type, given the configured client (it throws before ConfigureProvider). */
export function ephemeralOperations<Client>(resource: AnyEphemeralResource<Client>, client: () => Client, logger: Logger) {
  const type = schemaType(resource.schema);
  const attributes = resource.schema.attributes;
  const context = (bytes: Uint8Array): EphemeralResourceContext<Client> => ({ client: client(), private: PrivateData.decode(bytes), logger });

  return {
    async open(request: OpenEphemeralResourceRequest): Promise<OpenEphemeralResourceResponse> {
      const config = decodeDynamicValue(request.config, type);
      if (!isWhollyKnown(config)) {
        // Terraform opens only with a known configuration; answering anyway would hand back a half-made result.
        return { private: new Uint8Array(0), diagnostics: [{ severity: 'error', summary: 'Configuration not known yet', detail: `${resource.typeName} cannot be opened before its arguments are known.` }] };
      }
      // The same defaults a plan would apply (there is no plan for an ephemeral resource); computed values come from open.
      const withDefaults = planChange(attributes, null, config, config).planned;
      try {
        const ctx = context(new Uint8Array(0));
        const opened = await resource.open(toModel(withDefaults), ctx);
        if (opened.renewAt && !resource.renew) throw new Error(`${resource.typeName} asked to be renewed but has no renew`);
        return {
          result: encodeDynamicValue(toState(attributes, opened.result, withDefaults), type),
          private: ctx.private.encode(),
          renewAt: opened.renewAt,
          diagnostics: [],
        };
      } catch (error) {
        return { private: new Uint8Array(0), diagnostics: diagnosticsFrom(error, `Error opening ${resource.typeName}`) };
      }
    },

    async renew(request: EphemeralResourceInstanceRequest): Promise<RenewEphemeralResourceResponse> {
      try {
        if (!resource.renew) throw new Error(`${resource.typeName} cannot be renewed`);
        const ctx = context(request.private);
        const { renewAt } = await resource.renew(ctx);
        return { private: ctx.private.encode(), renewAt, diagnostics: [] };
      } catch (error) {
        return { private: request.private, diagnostics: diagnosticsFrom(error, `Error renewing ${resource.typeName}`) };
      }
    },

    async close(request: EphemeralResourceInstanceRequest) {
      try {
        await resource.close?.(context(request.private));
        return { diagnostics: [] };
      } catch (error) {
        return { diagnostics: diagnosticsFrom(error, `Error closing ${resource.typeName}`) };
      }
    },
  };
}
