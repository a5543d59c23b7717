// A drag with the pointer, as the palette's templates and the Tasks
// pane's tasks are dragged onto the week: follow the pointer from a press
// to its release anywhere in the window.

/** Starts a drag from `event` (left button only; whether it started): `moved` follows the pointer, `dropped` gets where it was released. */
export function pointerDrag(event: PointerEvent, moved: (x: number, y: number) => void, dropped: (x: number, y: number) => void): boolean {
  if (event.button !== 0) return false;
  event.preventDefault();
  const move = (e: PointerEvent) => moved(e.clientX, e.clientY);
  const end = (e: PointerEvent) => {
    window.removeEventListener("pointermove", move);
    dropped(e.clientX, e.clientY);
  };
  window.addEventListener("pointermove", move);
  window.addEventListener("pointerup", end, { once: true });
  moved(event.clientX, event.clientY);
  return true;
}
