// Renders the server's own OpenAPI document; "Authorize" logs in through POST /token. Named as the
// webjar's own initializer (which renders Swagger's demo API) so that this one is served in its place.
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
