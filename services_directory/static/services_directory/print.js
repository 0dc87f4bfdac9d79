/* The materials checklist's Print button (services_directory/checklist.html). Hidden until
   this script shows it, so a page without JavaScript has no button that does nothing (it says
   to use the browser's Print command instead). A real <button>: Enter and Space work. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print-button]");
  if (!buttons.length || typeof window.print !== "function") return;
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-print-fallback]"), function (note) {
    note.hidden = true;
  });
})();
