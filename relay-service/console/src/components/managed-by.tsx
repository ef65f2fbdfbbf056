// The "Managed by Terraform" marker: such an object is changed in Terraform, never here.
import type { Managed } from '../model.ts';

export function ManagedBy({ object }: { object: Managed }) {
  if (object.managed_by !== 'terraform') return null;
  return <span class="badge managed" title="Change this object in its Terraform configuration">Managed by Terraform</span>;
}
