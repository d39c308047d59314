/** Waits until `check` holds, looking every 10 ms (the pane's operations run on promises; the Word export takes a moment). */
export async function until(check: () => boolean, what: string, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
