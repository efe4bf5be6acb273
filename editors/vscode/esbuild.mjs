// Bundles the extension into one CommonJS file (out/extension.js), or with --tests the unit
// tests into out/test/ for `node --test`. Type-checking is `tsc --noEmit` (npm run typecheck).
import { build } from "esbuild";
import { readdirSync } from "node:fs";

const tests = process.argv.includes("--tests");

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
};

if (tests) {
  const entryPoints = readdirSync("test/unit")
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => `test/unit/${name}`);
  // Test-only libraries (vscode-textmate's grammar engine) are loaded from node_modules.
  await build({ ...common, entryPoints, outdir: "out/test", packages: "external" });
} else {
  await build({
    ...common,
    entryPoints: ["src/extension.ts"],
    outfile: "out/extension.js",
    external: ["vscode"],
    minify: true,
  });
}
