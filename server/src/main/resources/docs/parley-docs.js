// Renders the server's own OpenAPI document; "Authorize" logs in through POST /token.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
    // No badge from the public validator: the page loads nothing from elsewhere (see its CSP).
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout"
  });
};
