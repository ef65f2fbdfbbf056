// The files of the provider package around the self-contained executable, as the release zip and the filesystem mirror
// lay them out: on Windows the executable alone; elsewhere a /bin/sh launcher under the name Terraform runs, beside
// the executable under a name Terraform does not run (it starts the first file named terraform-provider-smtp*).
//
// Why a launcher: Node reads NODE_EXTRA_CA_CERTS before any provider code runs, and where that variable is exported
// (e.g. set to the system bundle) it cost the executable 41 ms of a 107 ms start: 1.31x the node launcher's
// spawn-to-handshake. The launcher moves it to SMTP_PROVIDER_EXTRA_CA_CERTS, which the provider reads only for an
// https:// endpoint (client-settings.ts); launcher + executable measured 0.71x the node launcher (bench/RESULTS.md).

/** The executable's name inside the package on Linux and macOS. */
export const seaFileName = 'smtp-provider-sea';

/** The launcher: POSIX sh, no other tool. */
export const seaLauncher = [
  '#!/bin/sh',
  '# terraform-provider-smtp: starts the self-contained executable beside this file, NODE_EXTRA_CA_CERTS moved out of',
  '# Node\'s start-up (the provider reads SMTP_PROVIDER_EXTRA_CA_CERTS when its endpoint is https://).',
  'if [ -n "${NODE_EXTRA_CA_CERTS:-}" ]; then',
  '  SMTP_PROVIDER_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS',
  '  export SMTP_PROVIDER_EXTRA_CA_CERTS',
  '  unset NODE_EXTRA_CA_CERTS',
  'fi',
  `exec "\${0%/*}/${seaFileName}" "$@"`,
  '',
].join('\n');

/**
 * The package's files for `platform` (e.g. linux_amd64, windows_amd64): `{ name, mode }` plus either `text` (the
 * launcher) or `executable: true` (the self-contained executable's bytes go there).
 */
export function seaPackageFiles(version, platform) {
  const entry = `terraform-provider-smtp_v${version}`;
  if (platform.startsWith('windows_')) return [{ name: `${entry}.exe`, mode: 0o755, executable: true }];
  return [{ name: entry, mode: 0o755, text: seaLauncher }, { name: seaFileName, mode: 0o755, executable: true }];
}
