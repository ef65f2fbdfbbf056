// Reads the SMTP part of an IIS 6 MetaBase.xml: the IIsSmtpService, IIsSmtpServer and IIsSmtpDomain nodes and their properties.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A metabase node: its admin object type (element name), its Location and its properties as the XML stores them. */
export interface MetabaseNode {
  type: string;
  location: string;
  properties: Map<string, string>;
}

/** Input that is not a readable metabase; the message names the line, element or property. */
export class MetabaseError extends Error {}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/**
 * Parses `xml` (the text of MetaBase.xml) and returns every node whose Location is under /LM/SmtpSvc, in document
 * order. Throws MetabaseError when the XML is not well-formed (with line and column) or a node has no Location.
 */
export function readMetabase(xml: string): MetabaseNode[] {
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) throw new MetabaseError(`MetaBase.xml is not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, preserveOrder: true, processEntities: true, trimValues: false });
  const document = parser.parse(xml) as OrderedNode[];
  const root = document.find((node) => 'configuration' in node);
  if (!root) throw new MetabaseError('MetaBase.xml has no <configuration> root element: is this an IIS 6 metabase?');
  const nodes: MetabaseNode[] = [];
  const walk = (children: OrderedNode[]) => {
    for (const child of children) {
      const type = Object.keys(child).find((key) => key !== ':@' && key !== '#text');
      if (!type) continue;
      const attributes = child[':@'] ?? {};
      if (type === 'MBProperty' || type === 'configuration') walk(child[type] as OrderedNode[]);
      const location = attributes.Location;
      if (!type.startsWith('IIsSmtp') && !(location ?? '').toLowerCase().startsWith('/lm/smtpsvc')) continue;
      if (location === undefined) throw new MetabaseError(`<${type}> has no Location attribute: every metabase node names its path`);
      const properties = new Map(Object.entries(attributes).filter(([name]) => name !== 'Location'));
      nodes.push({ type, location: location.trim(), properties });
    }
  };
  walk(root.configuration as OrderedNode[]);
  return nodes;
}

/** The values of a MULTISZ property: MetaBase.xml writes one value per line. */
export function multiString(value: string): string[] {
  return value.split(/\r?\n|\r/).map((line) => line.trim()).filter((line) => line !== '');
}

/** `<IIsSmtpServer Location="/LM/SmtpSvc/1">`: how errors and the report name a node. */
export function describeNode(node: Pick<MetabaseNode, 'type' | 'location'>): string {
  return `<${node.type} Location="${node.location}">`;
}
