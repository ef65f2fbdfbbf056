// One exported object: the `import {}` block and the resource block that together make Terraform adopt it.
import { HclExpression, hclBlock, hclString, type HclAttribute } from './hcl-syntax.ts';

/** A secret the export cannot know: declared as an ephemeral variable the resource refers to. */
export interface SecretVariable {
  name: string;
  description: string;
}

/** What the renderer needs of one object. */
export interface ExportedResource {
  type: string;
  name: string;
  /** The id `terraform import` takes (`<virtual_server_id>/<id>` for children of a virtual server); null for an object to create. */
  importId: string | null;
  /** Shown above the resource, e.g. which IIS setting it is. */
  title: string;
  attributes: HclAttribute[];
  secrets: SecretVariable[];
}

/** `<type>.<name>`. */
export function address(resource: Pick<ExportedResource, 'type' | 'name'>): string {
  return `${resource.type}.${resource.name}`;
}

/** The variable blocks, the import block (unless the object is to be created) and the resource block of `resource`. */
export function renderResource(resource: ExportedResource): string {
  const variables = resource.secrets.map((secret) => [
    `# ${secret.description}`,
    ...(resource.importId === null ? [
      `# Write-only: Terraform never stores it. Set it before the first apply where the object needs it: export TF_VAR_${secret.name}=...`,
      '# To change it later, set the new value and raise the matching *_wo_version by one, then apply.',
    ] : [
      '# Write-only: Terraform never stores it, and importing does not need it (the plan stays clean while it is null).',
      `# To set it: export TF_VAR_${secret.name}=... and raise the matching *_wo_version by one, then apply.`,
    ]),
    hclBlock(`variable "${secret.name}"`, [
      { name: 'type', value: new HclExpression('string') }, { name: 'sensitive', value: true },
      { name: 'ephemeral', value: true }, { name: 'default', value: null },
    ]),
  ].join('\n'));
  return [
    ...variables,
    `# ${resource.title}`,
    ...(resource.importId === null ? [] : [`import {\n  to = ${address(resource)}\n  id = ${hclString(resource.importId)}\n}\n`]),
    hclBlock(`resource "${resource.type}" "${resource.name}"`, resource.attributes),
  ].join('\n');
}
