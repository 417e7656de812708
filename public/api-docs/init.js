// Starts Swagger UI (npm's swagger-ui-dist, copied into the site by
// scripts/api-viewer.mjs and served by partner-map itself) on /api-docs,
// reading the API's own OpenAPI document. The page lists every operation
// itself too, for readers without JavaScript.
(function () {
  var target = document.getElementById("swagger-ui");
  if (!target || typeof window.SwaggerUIBundle !== "function") return;
  target.removeAttribute("hidden");

  // Swagger UI's own layout is written as a page of its own, with a <main>
  // that would be a second main landmark inside ours. This one shows the
  // same parts (the document's title, servers, Authorize, the operations,
  // the types) in plain containers.
  function referenceLayout(system) {
    var h = system.React.createElement;
    return function ReferenceLayout(props) {
      var get = props.getComponent;
      var Errors = get("errors", true);
      var status = props.specSelectors.loadingStatus();
      if (status !== "success") {
        var failed = status === "failed" || status === "failedConfig";
        return h("div", { className: "swagger-ui" },
          h("div", { className: "loading-container" }, failed ? h(Errors) : h("div", { className: "loading" })));
      }
      return h("div", { className: "swagger-ui" },
        h(get("SvgAssets")),
        h(Errors),
        h("div", { className: "information-container wrapper" }, h(get("InfoContainer", true))),
        h("div", { className: "scheme-container" },
          h("div", { className: "schemes wrapper" }, h(get("ServersContainer", true)), h(get("AuthorizeBtnContainer", true)))),
        h("div", { id: "operations", className: "wrapper" }, h(get("operations", true))),
        h(get("Models", true)));
    };
  }

  // Inside our page, its headings come under our h2s.
  function fitHeadings() {
    target.querySelectorAll("h1, h2").forEach(function (el) {
      el.setAttribute("aria-level", "3");
    });
    target.querySelectorAll("h3").forEach(function (el) {
      el.setAttribute("aria-level", "4");
    });
  }

  window.SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    domNode: target,
    deepLinking: false,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    plugins: [function (system) { return { components: { ReferenceLayout: referenceLayout(system) } }; }],
    layout: "ReferenceLayout",
    onComplete: fitHeadings,
  });
  // Parts Swagger UI renders later (an operation opened) get the same.
  new MutationObserver(fitHeadings).observe(target, { childList: true, subtree: true });
})();
