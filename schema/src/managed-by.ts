// The "managed by" marker both sides of the management API agree on: the header a managing tool sends and Terraform's name in it.

/**
 * Sent by a tool on the requests it makes for the objects it manages (the Terraform provider: on its resources' create,
 * read, update, delete and import, never on data sources). The relay records the value per object as metadata and
 * shows it as `managed_by`; it is not part of the object's document, so it changes neither the ETag nor the state.
 */
export const managedByHeader = 'Relayform-Managed-By';

/** The value the Terraform provider sends in managedByHeader. */
export const terraformManager = 'terraform';
