// Calendar-feed page: "Copy" buttons beside the addresses (without script the fields are selectable).
(function () {
  "use strict";
  var status = document.getElementById("feed-copy-status");
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy-from]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-from"));
    if (!field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () {
          status.textContent = button.getAttribute("data-copied");
        },
        function () {
          field.select();
          status.textContent = button.getAttribute("data-select");
        }
      );
    });
  });
})();
