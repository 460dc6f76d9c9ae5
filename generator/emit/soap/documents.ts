/**
 * The contract texts the server stub serves: the WSDL at `?wsdl` and each
 * imported schema at `?xsd=<name>`, with schemaLocations pointed there so a
 * client that reads the WSDL over HTTP (zeep, node-soap) finds the schemas.
 */
import type { ApiModel } from '../../model/model.ts';
import { generatedHeader, printSourceFile, stringLiteral, type EmittedFile } from '../ts.ts';

export function emitDocuments(api: ApiModel): EmittedFile {
  const documents = api.soap?.documents ?? { main: '', files: [] };
  const names = documents.files.map((f) => f.name);
  const served = (text: string) => pointImportsAtServer(text, names);
  return printSourceFile('wsdl.ts', generatedHeader(api.source, `The ${api.title} contract as the server stub serves it.`), [
    `/** The WSDL, served at \`?wsdl\`. */\nexport const WSDL = ${stringLiteral(served(documents.main))};`,
    (w) => {
      w.writeLine('/** Imported schemas by name, served at `?xsd=<name>`. */');
      w.write('export const DOCUMENTS: Record<string, string> = ').inlineBlock(() => {
        for (const file of documents.files) w.writeLine(`${stringLiteral(file.name)}: ${stringLiteral(served(file.text))},`);
      });
      w.write(';');
    },
  ]);
}

/** Rewrites relative schemaLocation/location attributes that name a known file to `?xsd=<name>`. */
function pointImportsAtServer(text: string, names: string[]): string {
  return text.replace(/\b(schemaLocation|location)="([^"]+)"/g, (whole, attribute: string, target: string) => {
    const name = names.find((n) => n === target || n.endsWith(`/${target}`) || target.endsWith(n));
    return name ? `${attribute}="?xsd=${encodeURIComponent(name)}"` : whole;
  });
}
