/**
 * What Discord refuses in a message body (400 Invalid Form Body), as the fake REST API checks
 * it: lengths of content and embeds, the 6,000 characters of all embeds, components and ids.
 * Returns one line per violation, empty when Discord would accept the message.
 */
export function messageLimitViolations(body: any): string[] {
  const out: string[] = [];
  const len = (value: unknown) => (typeof value === 'string' ? value.length : 0);
  if (len(body.content) > 2000) out.push(`content: ${len(body.content)} > 2000`);
  const embeds: any[] = body.embeds ?? [];
  if (embeds.length > 10) out.push(`embeds: ${embeds.length} > 10`);
  let total = 0;
  embeds.forEach((embed, i) => {
    const fields: any[] = embed.fields ?? [];
    if (len(embed.title) > 256) out.push(`embeds[${i}].title: ${len(embed.title)} > 256`);
    if (len(embed.description) > 4096) out.push(`embeds[${i}].description: ${len(embed.description)} > 4096`);
    if (len(embed.footer?.text) > 2048) out.push(`embeds[${i}].footer`);
    if (len(embed.author?.name) > 256) out.push(`embeds[${i}].author`);
    if (fields.length > 25) out.push(`embeds[${i}].fields: ${fields.length} > 25`);
    fields.forEach((field, j) => {
      if (!len(field.name) || len(field.name) > 256) out.push(`embeds[${i}].fields[${j}].name: ${len(field.name)}`);
      if (!len(field.value) || len(field.value) > 1024) out.push(`embeds[${i}].fields[${j}].value: ${len(field.value)}`);
    });
    total += len(embed.title) + len(embed.description) + len(embed.footer?.text) + len(embed.author?.name);
    total += fields.reduce((sum, f) => sum + len(f.name) + len(f.value), 0);
  });
  if (total > 6000) out.push(`embeds: ${total} characters > 6000`);
  const rows: any[] = body.components ?? [];
  if (rows.length > 5) out.push(`components: ${rows.length} rows > 5`);
  const ids = new Set<string>();
  rows.forEach((row, i) => {
    const buttons: any[] = row.components ?? [];
    if (!buttons.length || buttons.length > 5) out.push(`components[${i}]: ${buttons.length} buttons`);
    buttons.forEach((button, j) => {
      if (len(button.label) > 80) out.push(`components[${i}][${j}].label: ${len(button.label)} > 80`);
      if (button.custom_id !== undefined) {
        if (!len(button.custom_id) || len(button.custom_id) > 100) out.push(`components[${i}][${j}].custom_id: ${len(button.custom_id)}`);
        if (ids.has(button.custom_id)) out.push(`components[${i}][${j}].custom_id repeated`);
        ids.add(button.custom_id);
      }
    });
  });
  return out;
}
