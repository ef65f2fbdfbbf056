// Converts decoded tfplugin6 request messages (snake_case plain objects) into the protocol request types.
import type { DynamicValue } from './dynamic-value.ts';
import type {
  ApplyResourceChangeRequest, ClientCapabilities, ConfigureProviderRequest, ImportResourceStateRequest, PlanResourceChangeRequest,
  ReadDataSourceRequest, ReadResourceRequest, UpgradeResourceStateRequest, ValidateConfigRequest,
} from './provider-server.ts';

/** A decoded message: field names as in the .proto, defaults filled, absent messages null. */
export type ProtoMessage = Record<string, any>;

const bytes = (b: Uint8Array | null | undefined): Uint8Array => b ?? new Uint8Array(0);

export function dynamicValue(m: ProtoMessage | null | undefined): DynamicValue | undefined {
  if (!m) return undefined;
  return { msgpack: bytes(m.msgpack), json: bytes(m.json) };
}

export function clientCapabilities(m: ProtoMessage | null | undefined): ClientCapabilities {
  return { deferralAllowed: Boolean(m?.deferral_allowed), writeOnlyAttributesAllowed: Boolean(m?.write_only_attributes_allowed) };
}

export const validateConfigRequest = (m: ProtoMessage): ValidateConfigRequest => ({ typeName: m.type_name, config: dynamicValue(m.config) });

export const upgradeResourceStateRequest = (m: ProtoMessage): UpgradeResourceStateRequest => ({
  typeName: m.type_name,
  version: Number(m.version),
  rawState: { json: m.raw_state?.json?.length ? m.raw_state.json : undefined, flatmap: m.raw_state?.flatmap ?? undefined },
});

export const configureProviderRequest = (m: ProtoMessage): ConfigureProviderRequest => ({
  terraformVersion: m.terraform_version,
  config: dynamicValue(m.config),
  clientCapabilities: clientCapabilities(m.client_capabilities),
});

export const readResourceRequest = (m: ProtoMessage): ReadResourceRequest => ({
  typeName: m.type_name,
  currentState: dynamicValue(m.current_state),
  private: bytes(m.private),
  clientCapabilities: clientCapabilities(m.client_capabilities),
});

export const planResourceChangeRequest = (m: ProtoMessage): PlanResourceChangeRequest => ({
  typeName: m.type_name,
  priorState: dynamicValue(m.prior_state),
  proposedNewState: dynamicValue(m.proposed_new_state),
  config: dynamicValue(m.config),
  priorPrivate: bytes(m.prior_private),
  clientCapabilities: clientCapabilities(m.client_capabilities),
});

export const applyResourceChangeRequest = (m: ProtoMessage): ApplyResourceChangeRequest => ({
  typeName: m.type_name,
  priorState: dynamicValue(m.prior_state),
  plannedState: dynamicValue(m.planned_state),
  config: dynamicValue(m.config),
  plannedPrivate: bytes(m.planned_private),
});

export const importResourceStateRequest = (m: ProtoMessage): ImportResourceStateRequest => ({
  typeName: m.type_name,
  id: m.id,
  clientCapabilities: clientCapabilities(m.client_capabilities),
});

export const readDataSourceRequest = (m: ProtoMessage): ReadDataSourceRequest => ({
  typeName: m.type_name,
  config: dynamicValue(m.config),
  clientCapabilities: clientCapabilities(m.client_capabilities),
});
