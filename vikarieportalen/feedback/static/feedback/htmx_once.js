// Page feedback (feedback/_page_feedback.html): load htmx for the box unless the page already has.
// Some pages load htmx themselves in <head>; loading it twice would send every answer twice.
(function () {
  "use strict";
  if (window.htmx) {
    return;
  }
  var script = document.createElement("script");
  script.src = document.currentScript.getAttribute("data-htmx");
  script.onload = function () {
    // htmx starts itself on DOMContentLoaded; loaded after that event it must be started here.
    // Processing an element twice is harmless: htmx skips what it has already set up.
    window.htmx.process(document.body);
  };
  document.head.appendChild(script);
})();
