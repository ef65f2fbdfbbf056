// GET /v1/export?format=hcl: the relay's whole configuration as Terraform that imports it (admin only).
import type { ApiRoute } from '../api-route.ts';
import { requireAdmin } from '../authorize.ts';
import { readQuery } from '../query-parameters.ts';
import type { ConfigStore } from '../../store/config-store.ts';
import { readRelayConfiguration } from '../../export/relay-configuration.ts';
import { renderTerraformExport } from '../../export/terraform-export.ts';

const parameters = [{ name: 'format', schema: { type: 'string', enum: ['hcl'], default: 'hcl' }, description: 'Output format; `hcl` (Terraform) is the only one.' }];

/** The export route; reads every object in one transaction, so the export is one consistent version. */
export function exportRoutes(store: ConfigStore): ApiRoute[] {
  return [{
    method: 'get', path: '/v1/export', tag: 'Export', summary: 'Export the configuration as Terraform with import blocks (admin only)', query: parameters,
    success: { status: 200, description: 'Terraform configuration (HCL): provider setup, import blocks, resources, variables for secrets', schema: { type: 'string' }, contentType: 'text/plain' },
    handle: async (request) => {
      requireAdmin(request.principal);
      readQuery(request, parameters);
      const config = await store.transaction((tx) => readRelayConfiguration(tx));
      return { status: 200, text: renderTerraformExport(config), headers: { 'content-type': 'text/plain; charset=utf-8' } };
    },
  }];
}
