import { describe, expect, it } from 'vitest';
import { explain } from './explain';

/** Produced on this engine (dockerd 20.10) with the docker CLI, unless marked otherwise. */
const OCI = 'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process:';

describe('explain', () => {
  const cases: Array<[string, RegExp]> = [
    [`${OCI} exec: "sh": executable file not found in $PATH: unknown`, /no program named “sh” on its PATH/],
    [`${OCI} exec: "/etc/passwd": permission denied: unknown`, /“\/etc\/passwd” cannot be run: it is not executable/],
    [`${OCI} exec: "/nope/x": stat /nope/x: no such file or directory: unknown`, /“\/nope\/x” does not exist inside the container/],
    [
      `${OCI} error during container init: error setting rlimits for ready process: error setting rlimit type 7: operation not permitted: unknown`,
      /resource limit \(ulimit\)/,
    ],
    ['Minimum memory limit allowed is 6MB', /at least 6MB/],
    ['Requested CPUs are not available - requested 7, available: 0-1', /CPUs 7 do not exist on this engine; it has CPUs 0-1/],
    [
      'Conflict. The container name "/berth-act-clash" is already in use by container "0a22511e9fd07ff598934d131f59984838fbdba68cb28badec4d67374e598240". You have to remove (or rename) that container to be able to reuse that name.',
      /A container named “berth-act-clash” already exists/,
    ],
    ['network berth-no-such-net not found', /no network named “berth-no-such-net”/],
    [
      'Get "https://berth-no-such-host.invalid/v2/": dial tcp: lookup berth-no-such-host.invalid on 10.255.255.53:53: no such host',
      /registry host “berth-no-such-host.invalid” could not be found/,
    ],
    ['Get "http://localhost:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused', /Nothing answered at 127.0.0.1:1/],
    ['No such image: berth-test/busybox:nope', /“berth-test\/busybox:nope” is not on this engine/],
    // Registry and port texts in the engine's own wording (no public registry, and this engine's port mapping does not clash, here).
    ['driver failed programming external connectivity on endpoint web (3f2a): Bind for 0.0.0.0:8080 failed: port is already allocated', /Port 0.0.0.0:8080 is already taken/],
    ['manifest for berth-test/busybox:9.9 not found: manifest unknown: manifest unknown', /no image “berth-test\/busybox:9.9”/],
    ['pull access denied for berth/private, repository does not exist or may require \'docker login\': denied: requested access to the resource is denied', /refused to give out “berth\/private”/],
    ['toomanyrequests: You have reached your pull rate limit.', /limiting how often images can be pulled/],
    ['Get "https://registry.local/v2/": x509: certificate signed by unknown authority', /TLS certificate is not trusted/],
    ['task 1f2e: container killed: OOMKilled', /ran out of memory/],
  ];
  it.each(cases)('%s', (raw, sentence) => {
    const out = explain(raw);
    expect(out?.message).toMatch(sentence);
    expect(out?.details).toBe(raw);
  });

  it("keeps Berth's lead-in that names the container", () => {
    const raw = `Could not start “web”: ${OCI} exec: "sh": executable file not found in $PATH: unknown`;
    expect(explain(raw)).toEqual({ message: expect.stringMatching(/^Could not start “web”: The container has no program named “sh”/), details: raw });
  });

  it('keeps unknown text as it is (null: the raw message is the best words there are)', () => {
    expect(explain('No such container: berth-nope')).toBeNull();
    expect(explain('')).toBeNull();
    expect(explain('   ')).toBeNull();
  });

  it('is safe on odd input: huge, control characters, regex-looking text', () => {
    expect(explain('x'.repeat(1_000_000))).toBeNull();
    expect(explain('exec: "\u0000\u001b[31m": executable file not found in $PATH')?.message).toMatch(/no program named/);
    expect(explain('(.*)+$ [^ ] \\ ?')).toBeNull();
  });
});
