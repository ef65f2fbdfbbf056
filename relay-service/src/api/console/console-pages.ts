// The console's two HTML documents, written by the server: the login page (no session) and the shell the app runs in.

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The login page: account credentials or a token, each a plain form posting to /console/login (works without scripts). */
export function loginPage(error: string | null, username = ''): string {
  const alert = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Sign in · Relayform console</title>
<link rel="stylesheet" href="/console/assets/login.css">
</head>
<body>
<main>
<h1>Relayform console</h1>
${alert}
<form method="post" action="/console/login" aria-labelledby="account-heading">
<h2 id="account-heading">Sign in with an account</h2>
<label for="username">User name (<code>DOMAIN\\name</code> or <code>name@DOMAIN</code>)</label>
<input id="username" name="username" autocomplete="username" required value="${escapeHtml(username)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/console/login" aria-labelledby="token-heading">
<h2 id="token-heading">Or with an API token</h2>
<label for="token">Token (the admin token or one issued to an account)</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<button type="submit">Sign in with token</button>
</form>
</main>
</body>
</html>
`;
}

/** The page the app (relay-service/console/, built into app.js and app.css) renders into. */
export function appShell(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Relayform console</title>
<link rel="stylesheet" href="/console/assets/app.css">
<script type="module" src="/console/assets/app.js"></script>
</head>
<body>
<div id="app"><p>Loading the console…</p></div>
</body>
</html>
`;
}
