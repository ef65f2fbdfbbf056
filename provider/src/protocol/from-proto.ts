// Converts decoded tfplugin6 request messages (generated/tfplugin6.types.ts) into the protocol request types.
import type { DynamicValue } from './dynamic-value.ts';
import type * as tfplugin6 from './generated/tfplugin6.types.ts';
import type {
  ApplyResourceChangeRequest, ClientCapabilities, ConfigureProviderRequest, EphemeralResourceInstanceRequest, ImportResourceStateRequest,
  OpenEphemeralResourceRequest, PlanResourceChangeRequest, ReadDataSourceRequest, ReadResourceRequest, UpgradeResourceStateRequest, ValidateConfigRequest,
} from './provider-server.ts';

/** A value Terraform sent, or undefined when the message was absent. */
export function dynamicValue(m: tfplugin6.DynamicValue | null): DynamicValue | undefined {
  return m ? { msgpack: m.msgpack, json: m.json } : undefined;
}

/** What Terraform can handle; an absent message (an older Terraform) allows nothing. */
export function clientCapabilities(m: tfplugin6.ClientCapabilities | null): ClientCapabilities {
  return { deferralAllowed: m?.deferral_allowed ?? false, writeOnlyAttributesAllowed: m?.write_only_attributes_allowed ?? false };
}

export const validateProviderConfigRequest = (m: tfplugin6.ValidateProviderConfig_Request): { config?: DynamicValue } => ({ config: dynamicValue(m.config) });

export const validateConfigRequest = (
  m: tfplugin6.ValidateResourceConfig_Request | tfplugin6.ValidateDataResourceConfig_Request | tfplugin6.ValidateEphemeralResourceConfig_Request,
): ValidateConfigRequest => ({
  typeName: m.type_name,
  config: dynamicValue(m.config),
});

/** Raw state as stored: JSON (absent when empty) or, from very old states, the flatmap. */
export const upgradeResourceStateRequest = (m: tfplugin6.UpgradeResourceState_Request): UpgradeResourceStateRequest => ({
  typeName: m.type_name,
  version: m.version,
  rawState: { json: m.raw_state?.json.length ? m.raw_state.json : undefined, flatmap: m.raw_state?.flatmap },
});

export const configureProviderRequest = (m: tfplugin6.ConfigureProvider_Request): ConfigureProviderRequest => ({
  terraformVersion: m.terraform_version,
  config: dynamicValue(m.config),
  clientCapabilities: clientCapabilities(m.client_capabilities),
});

export const readResourceRequest = (m: tfplugin6.ReadResource_Request): ReadResourceRequest => ({
  typeName: m.type_name,
  currentState: dynamicValue(m.current_state),
  private: m.private,
  clientCapabilities: clientCapabilities(m.client_capabilities),
});

export const planResourceChangeRequest = (m: tfplugin6.PlanResourceChange_Request): PlanResourceChangeRequest => ({
  typeName: m.type_name,
  priorState: dynamicValue(m.prior_state),
  proposedNewState: dynamicValue(m.proposed_new_state),
  config: dynamicValue(m.config),
  priorPrivate: m.prior_private,
  clientCapabilities: clientCapabilities(m.client_capabilities),
});

export const applyResourceChangeRequest = (m: tfplugin6.ApplyResourceChange_Request): ApplyResourceChangeRequest => ({
  typeName: m.type_name,
  priorState: dynamicValue(m.prior_state),
  plannedState: dynamicValue(m.planned_state),
  config: dynamicValue(m.config),
  plannedPrivate: m.planned_private,
});

export const importResourceStateRequest = (m: tfplugin6.ImportResourceState_Request): ImportResourceStateRequest => ({
  typeName: m.type_name,
  id: m.id,
  clientCapabilities: clientCapabilities(m.client_capabilities),
});

export const readDataSourceRequest = (m: tfplugin6.ReadDataSource_Request): ReadDataSourceRequest => ({
  typeName: m.type_name,
  config: dynamicValue(m.config),
  clientCapabilities: clientCapabilities(m.client_capabilities),
});

export const openEphemeralResourceRequest = (m: tfplugin6.OpenEphemeralResource_Request): OpenEphemeralResourceRequest => ({
  typeName: m.type_name,
  config: dynamicValue(m.config),
  clientCapabilities: clientCapabilities(m.client_capabilities),
});

/** Renew and Close name the instance only by the private bytes Open returned (absent = empty). */
export const ephemeralResourceInstanceRequest = (m: tfplugin6.RenewEphemeralResource_Request | tfplugin6.CloseEphemeralResource_Request): EphemeralResourceInstanceRequest => ({
  typeName: m.type_name,
  private: m._private === 'private' ? m.private : new Uint8Array(0),
});
