// Print button of the qualification memo (no inline scripts: the CSP forbids them).
document.addEventListener("click", (event) => {
  const button = event.target.closest(".js-print");
  if (button) {
    window.print();
  }
});
