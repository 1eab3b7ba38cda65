// PIN sign-in: posts to /api/v1/login and reloads the page it guards.
const form = document.getElementById("login-form");
const error = document.getElementById("login-error");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const response = await fetch("/api/v1/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ role: form.dataset.role, pin: form.pin.value }),
  });
  if (response.ok) {
    window.location.reload();
    return;
  }
  const body = await response.json().catch(() => ({}));
  error.textContent = body.error?.message ?? response.statusText;
  error.hidden = false;
  form.pin.select();
});
