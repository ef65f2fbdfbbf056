// The managed-resource RPCs on top of a Resource: read, plan, apply and import, in protocol terms.
import type { Logger } from '../plugin/logger.ts';
import type { Diagnostic } from '../protocol/diagnostic.ts';
import { decodeDynamicValue, encodeDynamicValue } from '../protocol/dynamic-value.ts';
import type {
  ApplyResourceChangeRequest, ApplyResourceChangeResponse, ImportResourceStateResponse, PlanResourceChangeRequest,
  PlanResourceChangeResponse, ReadResourceRequest, ReadResourceResponse,
} from '../protocol/provider-server.ts';
import type { TfValue } from '../protocol/value.ts';
import { DiagnosticsError, diagnosticsFrom } from './diagnostics-error.ts';
import { toModel, toState, withWriteOnlyFromConfig } from './model.ts';
import { planChange } from './plan-change.ts';
import { PrivateData } from './private-data.ts';
import type { AnyResource, ResourceContext } from './resource.ts';
import { schemaType } from './schema/object-schema.ts';
import { writeOnlyPlanDiagnostics } from './write-only-plan.ts';

/** The RPC handlers for one resource type, given the configured client (undefined before ConfigureProvider). */
export function resourceOperations<Client>(resource: AnyResource<Client>, client: () => Client, logger: Logger) {
  const type = schemaType(resource.schema);
  const attributes = resource.schema.attributes;
  const context = (bytes: Uint8Array | undefined): ResourceContext<Client> => ({ client: client(), private: PrivateData.decode(bytes), logger });
  const encode = (value: TfValue) => encodeDynamicValue(value, type);

  return {
    async read(request: ReadResourceRequest): Promise<ReadResourceResponse> {
      const state = decodeDynamicValue(request.currentState, type);
      const ctx = context(request.private);
      try {
        const found = state === null ? null : await resource.read(toModel(state), ctx);
        if (found === null) logger.log('info', 'object no longer exists; removing it from state', { type_name: resource.typeName });
        return { newState: encode(toState(attributes, found, state)), private: ctx.private.encode(), diagnostics: [] };
      } catch (error) {
        return { newState: request.currentState, private: request.private, diagnostics: diagnosticsFrom(error, `Error reading ${resource.typeName}`) };
      }
    },

    async plan(request: PlanResourceChangeRequest): Promise<PlanResourceChangeResponse> {
      const prior = decodeDynamicValue(request.priorState, type);
      const config = decodeDynamicValue(request.config, type);
      const proposed = decodeDynamicValue(request.proposedNewState, type);
      const change = planChange(attributes, prior, config, proposed);
      if (logger.enabled('debug')) logger.log('debug', `planned ${change.action}`, { type_name: resource.typeName, replace: change.requiresReplace.length > 0 });
      // A replacement is planned again without prior state, so its create is judged then.
      const diagnostics = change.action === 'delete' ? [] : writeOnlyPlanDiagnostics(attributes, config, prior);
      return { plannedState: encode(change.planned), requiresReplace: change.requiresReplace, plannedPrivate: request.priorPrivate, diagnostics };
    },

    async apply(request: ApplyResourceChangeRequest): Promise<ApplyResourceChangeResponse> {
      const prior = decodeDynamicValue(request.priorState, type);
      const planned = decodeDynamicValue(request.plannedState, type);
      const config = decodeDynamicValue(request.config, type);
      const ctx = context(request.plannedPrivate);
      const failed = (error: unknown, state: TfValue, what: string): ApplyResourceChangeResponse =>
        ({ newState: encode(state), private: ctx.private.encode(), diagnostics: diagnosticsFrom(error, `Error ${what} ${resource.typeName}`) });
      if (planned === null) {
        try {
          await resource.delete(toModel(prior), ctx);
          return { newState: encode(null), private: new Uint8Array(0), diagnostics: [] };
        } catch (error) {
          return failed(error, prior, 'deleting'); // still exists: keep it in state
        }
      }
      const model = toModel(withWriteOnlyFromConfig(attributes, planned, config));
      if (prior === null) {
        try {
          return { newState: encode(toState(attributes, await resource.create(model, ctx), planned)), private: ctx.private.encode(), diagnostics: [] };
        } catch (error) {
          const partial = error instanceof DiagnosticsError && error.partialState ? toState(attributes, error.partialState, null) : null;
          return failed(error, partial, 'creating');
        }
      }
      try {
        return { newState: encode(toState(attributes, await resource.update(model, toModel(prior), ctx), planned)), private: ctx.private.encode(), diagnostics: [] };
      } catch (error) {
        // Never null: Terraform would forget a live object. The prior state unless the change was made before the failure.
        const partial = error instanceof DiagnosticsError && error.partialState ? toState(attributes, error.partialState, planned) : prior;
        return failed(error, partial, 'updating');
      }
    },

    async import(id: string): Promise<ImportResourceStateResponse> {
      const ctx = context(undefined);
      try {
        const empty = toModel(idOnly(attributes, id));
        const found = resource.importState ? await resource.importState(id, ctx) : await resource.read(empty, ctx);
        if (found === null) throw new DiagnosticsError(notFound(resource.typeName, id));
        return { importedResources: [{ typeName: resource.typeName, state: encode(toState(attributes, found, null)), private: ctx.private.encode() }], diagnostics: [] };
      } catch (error) {
        return { importedResources: [], diagnostics: diagnosticsFrom(error, `Error importing ${resource.typeName}`) };
      }
    },
  };
}

/** `{ id, every other attribute: null }`: what a default import reads. */
function idOnly(attributes: Record<string, unknown>, id: string): TfValue {
  return Object.fromEntries(Object.keys(attributes).map((name) => [name, name === 'id' ? id : null]));
}

function notFound(typeName: string, id: string): Diagnostic {
  return { severity: 'error', summary: 'Cannot import non-existent remote object', detail: `No ${typeName} with id "${id}" exists. Check the id and that the provider's credentials may read it.` };
}
