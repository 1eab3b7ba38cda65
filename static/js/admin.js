// The organiser's page: the chosen badge layout travels with every group-sheet link.
const form = document.querySelector("[data-badge-form]");
const links = document.querySelectorAll("[data-layout-link]");

function applyLayout() {
  const layout = form.layout.value;
  for (const link of links) {
    const url = new URL(link.href, window.location.href);
    url.searchParams.set("layout", layout);
    link.href = url.pathname + url.search;
  }
}
form?.addEventListener("change", applyLayout);
if (form) applyLayout();
