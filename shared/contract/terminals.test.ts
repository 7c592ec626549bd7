import { describe, expect, it } from 'vitest';
import { ExecUser } from './terminals';

describe('ExecUser', () => {
  it.each(['0', '65534', 'nobody', 'root:root', '1000:1000', '2147483647', 'www-data', 'app.user'])('takes %s', (u) => {
    expect(ExecUser.safeParse(u).success).toBe(true);
  });

  // The engine's own limit on ids is 0..2^31-1; a name never starts with "-" (it would read as an option).
  it.each(['-1', '0:-1', '-5:0', '2147483648', '4294967296', '-', '-x', 'root:-', ''])('refuses %j with a message about the user', (u) => {
    const r = ExecUser.safeParse(u);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/user|uid|gid|group/i);
  });
});
