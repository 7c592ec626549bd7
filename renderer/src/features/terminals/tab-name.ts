/**
 * A new tab's name: the session's own title ("web: sh") when no tab here has
 * it, else the first free "web: sh (2)", "web: sh (3)"… Names already taken,
 * the user's renames among them, are never changed: only the newcomer gets a
 * number, so a rename always wins.
 */
export function distinctTabName(title: string, taken: Iterable<string>, maxLength = 100): string {
  const used = new Set<string>();
  for (const t of taken) used.add(t.trim());
  const base = title.trim().slice(0, maxLength).trimEnd();
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    // A tab name is at most maxLength long (the services refuse longer): the title gives way to the number.
    const name = `${base.slice(0, Math.max(1, maxLength - suffix.length)).trimEnd()}${suffix}`;
    if (!used.has(name)) return name;
  }
}
