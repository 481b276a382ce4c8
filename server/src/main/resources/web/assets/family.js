// The family tree page: each node's button folds its children away and back (the tree is drawn server-side).
document.addEventListener('click', (event) => {
  const button = event.target.closest('.tree-toggle');
  if (!button) return;
  const list = document.getElementById(button.getAttribute('aria-controls'));
  const open = button.getAttribute('aria-expanded') !== 'true';
  button.setAttribute('aria-expanded', String(open));
  button.textContent = open ? '−' : '+';
  list.hidden = !open;
});
