// Runs calls of an ES module's exported functions for tests/nodejs.py (see there).
// Usage: node tests/node_runner.mjs MODULE_URL < calls.json > outcomes.json
const [moduleUrl] = process.argv.slice(2);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const calls = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const special = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity, "-0": -0 };
const decode = (v) => {
  if (Array.isArray(v)) return v.map(decode);
  if (v && typeof v === "object") {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === "$number") return special[v.$number];
    return Object.fromEntries(keys.map((k) => [k, decode(v[k])]));
  }
  return v;
};
const encode = (v) => {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return { $number: "NaN" };
    if (v === Infinity) return { $number: "Infinity" };
    if (v === -Infinity) return { $number: "-Infinity" };
    if (Object.is(v, -0)) return { $number: "-0" };
    return v;
  }
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(encode);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  }
  return v;
};
const module = await import(moduleUrl);
const results = [];
for (const { name, args } of calls) {
  try {
    if (typeof module[name] !== "function") throw new Error(`no exported function ${name}`);
    results.push({ value: encode(await module[name](...decode(args))) });
  } catch (error) {
    const name = error?.name ?? "Error";
    results.push({ error: { name, message: String(error?.message ?? error) } });
  }
}
process.stdout.write(JSON.stringify(results));
