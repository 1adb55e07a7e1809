import * as assert from 'node:assert/strict';
import { validateHost } from '$shared/inspector/hostValidation';

describe('validateHost', () => {
  const ok = (input: string, destination: string, port?: number): void => {
    const v = validateHost(input);
    assert.ok(v.ok, `${input}: ${!v.ok ? v.reason : ''}`);
    assert.equal(v.target.destination, destination);
    assert.equal(v.target.port, port);
    assert.equal(v.target.label, input);
  };

  it('accepts aliases, hosts, user@host and ports', () => {
    ok('prod-web-1', 'prod-web-1');
    ok('db.example.com', 'db.example.com');
    ok('deploy@db.example.com', 'deploy@db.example.com');
    ok('root@127.0.0.1:2222', 'root@127.0.0.1', 2222);
    ok('10.0.0.5:22', '10.0.0.5', 22);
    ok('fe80::1', 'fe80::1');
    ok('user_1@host_2', 'user_1@host_2');
  });

  const refused = (input: string, why: RegExp): void => {
    const v = validateHost(input);
    assert.equal(v.ok, false, `accepted ${JSON.stringify(input)}`);
    if (!v.ok) assert.match(v.reason, why);
  };

  it('refuses what ssh would read as an option', () => {
    refused('-oProxyCommand=touch /tmp/x', /starts with "-", which ssh would read as an option/);
    refused('-F/dev/null', /starts with "-"/);
    refused('user@-oProxyCommand', /must start with a letter or digit|metacharacter/);
  });

  it('refuses shell metacharacters, whitespace and control characters, saying which', () => {
    refused('a;b', /shell metacharacter: ";"/);
    refused('a|b', /shell metacharacter/);
    refused('a&b', /shell metacharacter/);
    refused('$(id)', /shell metacharacter: "\$"/);
    refused('`id`', /shell metacharacter/);
    refused('a>b', /shell metacharacter/);
    refused("a'b", /shell metacharacter/);
    refused('a"b', /shell metacharacter/);
    refused('a\\b', /shell metacharacter/);
    refused('a*', /shell metacharacter/);
    refused('a?', /shell metacharacter/);
    refused('a b', /whitespace/);
    refused('a\tb', /control character|whitespace/);
    refused('a\nb', /control character/);
    refused('a\u0000', /control character/);
    refused('a/b', /slash/);
    refused('[::1]', /bracket/);
  });

  it('refuses bad ports, empty parts and overlong input', () => {
    refused('', /empty/);
    refused('host:0', /port "0" must be a number from 1 to 65535/);
    refused('host:70000', /port/);
    refused('host:ssh', /port/);
    refused('@host', /user name/);
    refused(':22', /host name is empty/);
    refused('a'.repeat(300), /longer than 255/);
    refused('.hidden', /must start with a letter or digit/);
  });
});
