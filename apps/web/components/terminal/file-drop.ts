/**
 * Files dropped or pasted onto a terminal's box. A drag that carries files shows the drop zone
 * and a drop hands the files over; a paste whose clipboard holds files (a screenshot, an image
 * copied in a browser) and no text hands those over instead of pasting. A paste with text stays
 * an ordinary paste: Office and some browsers put an image beside the text they copy.
 */
export function installFileDrop(
  element: HTMLElement,
  handlers: {
    onFiles: (files: File[], how: 'drop' | 'paste') => void;
    /** True while files are dragged over the terminal (show where they will go). */
    onDragging: (dragging: boolean) => void;
  },
): () => void {
  // dragenter/dragleave fire for every child the pointer crosses: count them.
  let depth = 0;
  const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') === true;

  const onDragEnter = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth += 1;
    if (depth === 1) handlers.onDragging(true);
  };
  const onDragOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    // Without this the browser opens the file in place of the dashboard.
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) handlers.onDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth = 0;
    handlers.onDragging(false);
    const files = Array.from(event.dataTransfer?.files ?? []);
    if (files.length) handlers.onFiles(files, 'drop');
  };
  // Capture: before xterm.js's own paste handler on its textarea turns the event into text.
  const onPaste = (event: ClipboardEvent) => {
    const data = event.clipboardData;
    if (!data || data.files.length === 0 || data.getData('text/plain') !== '') return;
    event.preventDefault();
    event.stopPropagation();
    handlers.onFiles(Array.from(data.files), 'paste');
  };

  element.addEventListener('dragenter', onDragEnter);
  element.addEventListener('dragover', onDragOver);
  element.addEventListener('dragleave', onDragLeave);
  element.addEventListener('drop', onDrop);
  element.addEventListener('paste', onPaste, true);
  return () => {
    element.removeEventListener('dragenter', onDragEnter);
    element.removeEventListener('dragover', onDragOver);
    element.removeEventListener('dragleave', onDragLeave);
    element.removeEventListener('drop', onDrop);
    element.removeEventListener('paste', onPaste, true);
  };
}
