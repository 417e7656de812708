// Starts Swagger UI (npm's swagger-ui-dist, copied into the site by
// scripts/api-viewer.mjs and served by partner-map itself) on /api-docs,
// reading the API's own OpenAPI document. The page lists every operation
// itself too, for readers without JavaScript.
(function () {
  var target = document.getElementById("swagger-ui");
  if (!target || typeof window.SwaggerUIBundle !== "function") return;
  target.removeAttribute("hidden");
  window.SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    domNode: target,
    deepLinking: false,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
  });
})();
