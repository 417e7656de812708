// Puts the API reference viewer into the built site, under /pkg/api-docs/:
// Swagger UI's bundle and stylesheet from npm's swagger-ui-dist (pinned in
// package.json; nothing is fetched from a CDN), and public/api-docs: init.js,
// which starts it on /api-docs, and overrides.css, its colours made readable.
import { copyFileSync, mkdirSync } from "node:fs";

const out = "target/site/pkg/api-docs";
mkdirSync(out, { recursive: true });
for (const name of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
  copyFileSync(`node_modules/swagger-ui-dist/${name}`, `${out}/${name}`);
}
for (const name of ["init.js", "overrides.css"]) {
  copyFileSync(`public/api-docs/${name}`, `${out}/${name}`);
}
