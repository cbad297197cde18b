// A local OpenID Connect provider shaped like Pro Santé Connect (PSC), for Medimail's tests.
// Started by dev/psc/psc (itself started by `dev/operator/operator start --with psc`), with
// the path of a JSON configuration the operator writes (see dev/psc/README.md).
//
// Everything is in memory: a restart forgets sessions, grants and tokens, like a PSC outage.
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import { promisify } from 'node:util';

// A fresh signing key per start: nothing outlives the provider, as with tokens. Made on
// libuv's thread pool while oidc-provider loads (each takes ~0.3 s; the operator waits).
const signingKeyPromise = promisify(crypto.generateKeyPair)('rsa', { modulusLength: 2048 });
const { default: Provider, errors } = await import('oidc-provider');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const ISSUER = config.issuer;
const PREFIX = new URL(ISSUER).pathname.replace(/\/$/, '');
// PSC (a Keycloak realm) serves its discovery document at this non-standard path too.
const WALLET_DISCOVERY = `${PREFIX}/.well-known/wallet-openid-configuration`;
const STD_DISCOVERY = `${PREFIX}/.well-known/openid-configuration`;
const TESTBED = '/_testbed';
const ACR = 'eidas1';

function log(...parts) {
  process.stdout.write(`${new Date().toISOString()} ${parts.join(' ')}\n`);
}

// --- Practitioners ---------------------------------------------------------------------------
const users = config.users;
const byAccountId = new Map(users.map((u) => [u.subject_name_id, u]));

function findUser(identifier) {
  const wanted = String(identifier || '').trim().toLowerCase();
  if (!wanted) return undefined;
  return users.find((u) => [u.subject_name_id, u.rpps, u.email]
    .some((v) => v && v.toLowerCase() === wanted));
}

function passwordMatches(user, password) {
  // scrypt, as written by dev/operator/oplib/psc.py: the file never holds a clear password.
  const { salt, n, r, p, hash } = user.password_scrypt;
  const expected = Buffer.from(hash, 'hex');
  const got = crypto.scryptSync(String(password), Buffer.from(salt, 'hex'), expected.length, {
    N: n, r, p, maxmem: 128 * n * r * 2,
  });
  return crypto.timingSafeEqual(expected, got);
}

const CLAIMS = ['SubjectNameID', 'given_name', 'family_name', 'SubjectRefPro',
  'SubjectOrganization', 'SubjectRole', 'email', 'preferred_username'];

async function findAccount(ctx, id) {
  const user = byAccountId.get(id);
  if (!user) return undefined;
  return {
    accountId: id,
    async claims() {
      return {
        sub: id,
        SubjectNameID: user.subject_name_id,
        preferred_username: user.subject_name_id,
        given_name: user.given_name,
        family_name: user.family_name,
        email: user.email,
        SubjectOrganization: user.organisation,
        SubjectRole: user.roles,
        SubjectRefPro: user.ref_pro,
      };
    },
  };
}

// --- CIBA: requests waiting for the (simulated) e-CPS app --------------------------------------
const pendingCiba = new Map(); // auth_req_id (jti) -> what the phone would show

const BINDING_MESSAGE = /^[\p{L}\p{N} .,:;!?#+/_'()-]{1,64}$/u;

async function signingKey() {
  const { privateKey } = await signingKeyPromise;
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: crypto.randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
}

// --- Provider --------------------------------------------------------------------------------
const provider = new Provider(ISSUER, {
  clients: [
    {
      client_id: config.client_id,
      // A desktop app cannot keep a secret (RFC 8252): public client, PKCE instead.
      token_endpoint_auth_method: 'none',
      // "native" makes oidc-provider accept http://127.0.0.1 with any port (RFC 8252 §7.3).
      application_type: 'native',
      redirect_uris: config.redirect_uris,
      grant_types: ['authorization_code', 'refresh_token', 'urn:openid:params:grant-type:ciba'],
      response_types: ['code'],
      backchannel_token_delivery_mode: 'poll',
      backchannel_user_code_parameter: false,
    },
    {
      // Dovecot's oauth2 passdb: introspects the app's tokens with these credentials.
      client_id: config.introspection_client.client_id,
      client_secret: config.introspection_client.client_secret,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: [],
      response_types: [],
      redirect_uris: [],
    },
  ],
  jwks: { keys: [await signingKey()] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  findAccount,
  acrValues: [ACR],
  scopes: ['openid', 'scope_all', 'offline_access'],
  claims: { openid: ['sub'], scope_all: CLAIMS },
  // PSC puts the practitioner's claims in the ID token of a code flow too.
  conformIdTokenClaims: false,
  pkce: { methods: ['S256'], required: () => true },
  // PSC issues refresh tokens for `scope_all` without offline_access; so do we.
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  expiresWithSession: async () => false,
  // Dovecot's oauth2 passdb maps a token to a mailbox by the introspection's `email`.
  extraTokenClaims: async (ctx, token) => {
    const user = byAccountId.get(token.accountId);
    return user ? { email: user.email, SubjectNameID: user.subject_name_id } : undefined;
  },
  ttl: {
    AccessToken: config.access_ttl,
    IdToken: config.id_ttl,
    RefreshToken: config.refresh_ttl,
    AuthorizationCode: 60,
    BackchannelAuthenticationRequest: 300,
    Interaction: 600,
    Session: config.refresh_ttl,
    Grant: config.refresh_ttl,
  },
  routes: {
    // Keycloak's paths, as PSC serves them.
    authorization: '/protocol/openid-connect/auth',
    token: '/protocol/openid-connect/token',
    userinfo: '/protocol/openid-connect/userinfo',
    jwks: '/protocol/openid-connect/certs',
    introspection: '/protocol/openid-connect/token/introspect',
    revocation: '/protocol/openid-connect/revoke',
    end_session: '/protocol/openid-connect/logout',
    backchannel_authentication: '/protocol/openid-connect/ext/ciba/auth',
  },
  interactions: { url: (ctx, interaction) => `${PREFIX}/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    introspection: { enabled: true },
    revocation: { enabled: true },
    ciba: {
      enabled: true,
      deliveryModes: ['poll'],
      processLoginHint: async (ctx, hint) => {
        const user = findUser(hint);
        if (!user) throw new errors.UnknownUserId('unknown practitioner');
        return user.subject_name_id;
      },
      processLoginHintToken: async () => {
        throw new errors.InvalidRequest('login_hint_token is not supported, use login_hint');
      },
      validateBindingMessage: async (ctx, message) => {
        if (message && !BINDING_MESSAGE.test(message)) {
          throw new errors.InvalidBindingMessage('binding_message: 1-64 letters, digits, spaces or .,:;!?#+/_\'()-');
        }
      },
      validateRequestContext: async () => {},
      verifyUserCode: async () => {},
      triggerAuthenticationDevice: async (ctx, request, account, client) => {
        pendingCiba.set(request.jti, {
          auth_req_id: request.jti,
          account_id: account.accountId,
          client_id: client.clientId,
          scope: request.scope,
          binding_message: ctx.oidc.params.binding_message ?? null,
          created_at: Math.floor(Date.now() / 1000),
        });
        log('ciba: request waiting for', account.accountId);
      },
    },
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><html><head><title>Erreur</title></head><body><h1>Erreur</h1>`
      + `<p id="error">${escapeHtml(out.error)}</p><p id="error_description">`
      + `${escapeHtml(out.error_description || '')}</p></body></html>`;
  },
});

for (const event of ['server_error', 'grant.error', 'introspection.error', 'backchannel.error',
  'authorization.error', 'userinfo.error']) {
  provider.on(event, (ctx, err) => log(event, err.name || '', err.message || ''));
}
provider.on('grant.success', (ctx) => log('grant.success', ctx.oidc.params?.grant_type || ''));

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// --- Login page (the practitioner's browser) ----------------------------------------------
function loginPage(uid, message) {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Pro Santé Connect (test)</title></head>
<body><h1>Pro Santé Connect — environnement de test</h1>
${message ? `<p id="error">${escapeHtml(message)}</p>` : ''}
<form method="post" action="${PREFIX}/interaction/${uid}/login">
<label>Identifiant (8 + RPPS ou adresse MSSanté) <input name="login" autocomplete="username"></label>
<label>Mot de passe <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Se connecter</button>
</form></body></html>`;
}

async function readBody(req, limit = 65536) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function grantFor(details, accountId) {
  const { params } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: params.client_id });
  // No consent screen at PSC: everything the app asked for is granted.
  grant.addOIDCScope(String(params.scope || 'openid'));
  const missing = details.prompt.details?.missingOIDCClaims;
  if (missing) grant.addOIDCClaims(missing);
  return grant.save();
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

async function interaction(req, res, rest) {
  const [uid, action] = rest.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, 'text/plain', 'interaction mismatch\n');
  if (req.method === 'GET' && !action) {
    if (details.prompt.name === 'consent' && details.session?.accountId) {
      const grantId = await grantFor(details, details.session.accountId);
      return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }
    return send(res, 200, 'text/html; charset=utf-8', loginPage(uid));
  }
  if (req.method === 'POST' && action === 'login') {
    const form = new URLSearchParams(await readBody(req));
    const user = findUser(form.get('login'));
    if (!user || !passwordMatches(user, form.get('password') || '')) {
      log('login: refused');
      return send(res, 200, 'text/html; charset=utf-8', loginPage(uid, 'Identifiant ou mot de passe incorrect.'));
    }
    log('login: accepted', user.subject_name_id);
    const grantId = await grantFor(details, user.subject_name_id);
    return provider.interactionFinished(req, res, {
      login: { accountId: user.subject_name_id, acr: ACR, amr: ['pwd'] },
      consent: { grantId },
    }, { mergeWithLastSubmission: false });
  }
  return send(res, 405, 'text/plain', 'method not allowed\n');
}

// --- Test hooks: stand in for the e-CPS phone app (loopback only, admin token) -------------
async function testbed(req, res, path) {
  if (req.headers['x-testbed-token'] !== config.admin_token) {
    return send(res, 403, 'application/json', '{"error":"bad X-Testbed-Token"}\n');
  }
  if (req.method === 'GET' && path === '/ciba/pending') {
    const list = [...pendingCiba.values()].map((p) => ({ ...p, ...identity(p.account_id) }));
    return send(res, 200, 'application/json', `${JSON.stringify(list)}\n`);
  }
  if (req.method === 'POST' && path === '/ciba/decide') {
    const body = JSON.parse(await readBody(req) || '{}');
    const user = findUser(body.login_hint);
    const matching = [...pendingCiba.values()]
      .filter((p) => user && p.account_id === user.subject_name_id)
      .filter((p) => !body.auth_req_id || p.auth_req_id === body.auth_req_id);
    if (!matching.length) {
      return send(res, 404, 'application/json', '{"error":"no pending request for that practitioner"}\n');
    }
    const decided = [];
    for (const p of matching) {
      pendingCiba.delete(p.auth_req_id);
      if (body.deny) {
        await provider.backchannelResult(p.auth_req_id,
          new errors.AccessDenied('the practitioner refused on e-CPS'));
      } else {
        const grant = new provider.Grant({ accountId: p.account_id, clientId: p.client_id });
        grant.addOIDCScope(p.scope);
        await grant.save();
        await provider.backchannelResult(p.auth_req_id, grant, {
          acr: ACR, amr: ['mfa'], authTime: Math.floor(Date.now() / 1000),
        });
      }
      decided.push({ auth_req_id: p.auth_req_id, binding_message: p.binding_message });
      log('ciba:', body.deny ? 'denied' : 'approved', p.account_id);
    }
    return send(res, 200, 'application/json', `${JSON.stringify({ decided, denied: !!body.deny })}\n`);
  }
  return send(res, 404, 'application/json', '{"error":"not found"}\n');
}

function identity(accountId) {
  const u = byAccountId.get(accountId);
  return u ? { subject_name_id: u.subject_name_id, email: u.email } : {};
}

// --- HTTPS server ----------------------------------------------------------------------------
const callback = provider.callback();

async function handle(req, res) {
  const path = req.url.split('?')[0];
  if (path.startsWith(`${TESTBED}/`)) return testbed(req, res, path.slice(TESTBED.length));
  if (!path.startsWith(`${PREFIX}/`)) return send(res, 404, 'text/plain', 'not found\n');
  if (path.startsWith(`${PREFIX}/interaction/`)) {
    return interaction(req, res, path.slice(`${PREFIX}/interaction/`.length));
  }
  if (path === WALLET_DISCOVERY) req.url = STD_DISCOVERY + req.url.slice(path.length);
  // Mounted under the realm's path the way Express mounts an app: oidc-provider derives
  // its URLs from originalUrl minus url.
  req.originalUrl = req.url;
  req.url = req.url.slice(PREFIX.length);
  return callback(req, res);
}

const server = https.createServer({
  cert: fs.readFileSync(config.tls_cert),
  key: fs.readFileSync(config.tls_key),
  minVersion: 'TLSv1.2',
}, (req, res) => {
  const started = Date.now();
  // The path only: queries carry codes and PKCE values.
  const path = req.url.split('?')[0];
  res.on('finish', () => log(req.method, path, res.statusCode, `${Date.now() - started}ms`));
  handle(req, res).catch((err) => {
    log('error', err.name || '', err.message || '');
    if (!res.headersSent) send(res, 500, 'text/plain', 'internal error\n');
    else res.end();
  });
});

server.listen(config.port, config.host, () => {
  fs.writeFileSync(config.pid_file, `${process.pid}\n`);
  log('listening on', `${config.host}:${config.port}`, 'issuer', ISSUER);
});

for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    server.close();
    try { fs.unlinkSync(config.pid_file); } catch { /* already gone */ }
    process.exit(0);
  });
}
