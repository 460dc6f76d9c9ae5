/**
 * Synthetic inputs for the benchmarks, all generated (nothing downloaded):
 * - `benchWsdl()`: one asmx-style service whose operations drive the codec and
 *   server cases (a 100k-record response, a ~30-field order with a 20-item reply,
 *   a ~20-property nested record for the validator case);
 * - `licensesResponse(n)` / `licensesData(n)`: the same records as wire XML and as
 *   typed objects;
 * - `syntheticWsdl(ops)`: a WSDL with `ops` operations and nested types for the
 *   codegen cases;
 * - `customerJsonSchema()` / `customerSample()`: the validator case's schema as
 *   JSON Schema (for ajv) and a valid instance.
 */

export const BENCH_NS = 'http://bench.contract-gen.example/ws/';

const XSD_HEAD =
  '<?xml version="1.0" encoding="utf-8"?>\n' +
  '<wsdl:definitions xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:s="http://www.w3.org/2001/XMLSchema"' +
  ` xmlns:tns="${BENCH_NS}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="${BENCH_NS}">\n`;

/** The ~30 scalar fields of `SubmitOrder` (name, XSD type); the reply echoes 20 `OrderLine`s. */
export const ORDER_FIELDS: Array<[string, string]> = [
  ['OrderId', 's:long'], ['CustomerId', 's:int'], ['FirstName', 's:string'], ['LastName', 's:string'],
  ['Email', 's:string'], ['Phone', 's:string'], ['Company', 's:string'], ['Street', 's:string'],
  ['City', 's:string'], ['Region', 's:string'], ['PostalCode', 's:string'], ['Country', 's:string'],
  ['Currency', 'tns:Currency'], ['Subtotal', 's:decimal'], ['Tax', 's:decimal'], ['Shipping', 's:decimal'],
  ['Total', 's:decimal'], ['Quantity', 's:int'], ['ProductId', 's:long'], ['Sku', 's:string'],
  ['Coupon', 's:string'], ['OrderDate', 's:date'], ['ShipDate', 's:dateTime'], ['Gift', 's:boolean'],
  ['GiftMessage', 's:string'], ['Priority', 's:int'], ['Channel', 's:string'], ['Referrer', 's:string'],
  ['Notes', 's:string'], ['Language', 's:string'],
];

/** The service the codec, server and validator cases use, asmx-style (no default namespace, qualified elements). */
export function benchWsdl(): string {
  const orderFields = ORDER_FIELDS.map(([n, t]) => `<s:element minOccurs="1" maxOccurs="1" name="${n}" type="${t}"/>`).join('\n            ');
  return `${XSD_HEAD}  <wsdl:types>
    <s:schema elementFormDefault="qualified" targetNamespace="${BENCH_NS}">
      <s:simpleType name="Currency">
        <s:restriction base="s:string">
          <s:enumeration value="USD"/><s:enumeration value="EUR"/><s:enumeration value="GBP"/><s:enumeration value="JPY"/>
        </s:restriction>
      </s:simpleType>
      <s:complexType name="License">
        <s:sequence>
          <s:element minOccurs="1" maxOccurs="1" name="Code" type="s:long"/>
          <s:element minOccurs="0" maxOccurs="1" name="Name" type="s:string"/>
          <s:element minOccurs="1" maxOccurs="1" name="Seats" type="s:int"/>
          <s:element minOccurs="1" maxOccurs="1" name="Price" type="s:decimal"/>
          <s:element minOccurs="1" maxOccurs="1" name="Expires" type="s:date"/>
          <s:element minOccurs="1" maxOccurs="1" name="Note" nillable="true" type="s:string"/>
        </s:sequence>
        <s:attribute name="id" type="s:int" use="required"/>
      </s:complexType>
      <s:complexType name="ArrayOfLicense">
        <s:sequence>
          <s:element minOccurs="0" maxOccurs="unbounded" name="License" type="tns:License"/>
        </s:sequence>
      </s:complexType>
      <s:element name="GetLicenses">
        <s:complexType><s:sequence><s:element minOccurs="0" maxOccurs="1" name="Filter" type="s:string"/></s:sequence></s:complexType>
      </s:element>
      <s:element name="GetLicensesResponse">
        <s:complexType><s:sequence><s:element minOccurs="0" maxOccurs="1" name="GetLicensesResult" type="tns:ArrayOfLicense"/></s:sequence></s:complexType>
      </s:element>
      <s:complexType name="OrderLine">
        <s:sequence>
          <s:element minOccurs="1" maxOccurs="1" name="Line" type="s:int"/>
          <s:element minOccurs="0" maxOccurs="1" name="Sku" type="s:string"/>
          <s:element minOccurs="1" maxOccurs="1" name="Quantity" type="s:int"/>
          <s:element minOccurs="1" maxOccurs="1" name="UnitPrice" type="s:decimal"/>
          <s:element minOccurs="1" maxOccurs="1" name="LicenseCode" type="s:long"/>
        </s:sequence>
      </s:complexType>
      <s:element name="SubmitOrder">
        <s:complexType>
          <s:sequence>
            ${orderFields}
          </s:sequence>
        </s:complexType>
      </s:element>
      <s:element name="SubmitOrderResponse">
        <s:complexType>
          <s:sequence>
            <s:element minOccurs="1" maxOccurs="1" name="Accepted" type="s:boolean"/>
            <s:element minOccurs="0" maxOccurs="unbounded" name="Line" type="tns:OrderLine"/>
          </s:sequence>
        </s:complexType>
      </s:element>
${customerXsd()}
    </s:schema>
  </wsdl:types>
  <wsdl:message name="GetLicensesSoapIn"><wsdl:part name="parameters" element="tns:GetLicenses"/></wsdl:message>
  <wsdl:message name="GetLicensesSoapOut"><wsdl:part name="parameters" element="tns:GetLicensesResponse"/></wsdl:message>
  <wsdl:message name="SubmitOrderSoapIn"><wsdl:part name="parameters" element="tns:SubmitOrder"/></wsdl:message>
  <wsdl:message name="SubmitOrderSoapOut"><wsdl:part name="parameters" element="tns:SubmitOrderResponse"/></wsdl:message>
  <wsdl:message name="SaveCustomerSoapIn"><wsdl:part name="parameters" element="tns:SaveCustomer"/></wsdl:message>
  <wsdl:message name="SaveCustomerSoapOut"><wsdl:part name="parameters" element="tns:SaveCustomerResponse"/></wsdl:message>
  <wsdl:portType name="BenchSoap">
    <wsdl:operation name="GetLicenses"><wsdl:input message="tns:GetLicensesSoapIn"/><wsdl:output message="tns:GetLicensesSoapOut"/></wsdl:operation>
    <wsdl:operation name="SubmitOrder"><wsdl:input message="tns:SubmitOrderSoapIn"/><wsdl:output message="tns:SubmitOrderSoapOut"/></wsdl:operation>
    <wsdl:operation name="SaveCustomer"><wsdl:input message="tns:SaveCustomerSoapIn"/><wsdl:output message="tns:SaveCustomerSoapOut"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="BenchSoap" type="tns:BenchSoap">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
${['GetLicenses', 'SubmitOrder', 'SaveCustomer']
  .map(
    (op) => `    <wsdl:operation name="${op}">
      <soap:operation soapAction="${BENCH_NS}${op}" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>`,
  )
  .join('\n')}
  </wsdl:binding>
  <wsdl:service name="Bench">
    <wsdl:port name="BenchSoap" binding="tns:BenchSoap"><soap:address location="http://127.0.0.1/bench.asmx"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}

/** The validator case's ~20-property nested record, as XSD (facets: lengths, ranges, pattern, enumeration). */
function customerXsd(): string {
  return `      <s:simpleType name="Tier">
        <s:restriction base="s:string"><s:enumeration value="free"/><s:enumeration value="pro"/><s:enumeration value="enterprise"/></s:restriction>
      </s:simpleType>
      <s:complexType name="Address">
        <s:sequence>
          <s:element name="Street" type="s:string"/>
          <s:element name="City" type="s:string"/>
          <s:element name="PostalCode"><s:simpleType><s:restriction base="s:string"><s:pattern value="[0-9]{5}"/></s:restriction></s:simpleType></s:element>
          <s:element name="Country"><s:simpleType><s:restriction base="s:string"><s:length value="2"/></s:restriction></s:simpleType></s:element>
        </s:sequence>
      </s:complexType>
      <s:complexType name="Contact">
        <s:sequence>
          <s:element name="Email"><s:simpleType><s:restriction base="s:string"><s:maxLength value="254"/><s:pattern value="[^@]+@[^@]+"/></s:restriction></s:simpleType></s:element>
          <s:element minOccurs="0" name="Phone" type="s:string"/>
          <s:element name="Address" type="tns:Address"/>
        </s:sequence>
      </s:complexType>
      <s:complexType name="Customer">
        <s:sequence>
          <s:element name="Id" type="s:int"/>
          <s:element name="Name"><s:simpleType><s:restriction base="s:string"><s:minLength value="1"/><s:maxLength value="100"/></s:restriction></s:simpleType></s:element>
          <s:element name="Tier" type="tns:Tier"/>
          <s:element name="Active" type="s:boolean"/>
          <s:element name="Seats"><s:simpleType><s:restriction base="s:int"><s:minInclusive value="1"/><s:maxInclusive value="10000"/></s:restriction></s:simpleType></s:element>
          <s:element name="Balance" type="s:double"/>
          <s:element minOccurs="0" name="Discount"><s:simpleType><s:restriction base="s:double"><s:minInclusive value="0"/><s:maxInclusive value="100"/></s:restriction></s:simpleType></s:element>
          <s:element name="Created" type="s:string"/>
          <s:element minOccurs="0" name="Notes" type="s:string"/>
          <s:element name="Primary" type="tns:Contact"/>
          <s:element minOccurs="0" name="Billing" type="tns:Contact"/>
          <s:element minOccurs="0" maxOccurs="unbounded" name="Tag" type="s:string"/>
          <s:element name="Region" type="s:string"/>
          <s:element name="Locale" type="s:string"/>
          <s:element minOccurs="0" name="Referrer" type="s:string"/>
          <s:element name="Score" type="s:int"/>
          <s:element name="Verified" type="s:boolean"/>
          <s:element minOccurs="0" name="Manager" type="s:string"/>
          <s:element name="Plan" type="s:string"/>
          <s:element name="Renewals" type="s:int"/>
        </s:sequence>
      </s:complexType>
      <s:element name="SaveCustomer">
        <s:complexType><s:sequence><s:element name="Customer" type="tns:Customer"/></s:sequence></s:complexType>
      </s:element>
      <s:element name="SaveCustomerResponse">
        <s:complexType><s:sequence><s:element name="Ok" type="s:boolean"/></s:sequence></s:complexType>
      </s:element>`;
}

/** The same `Customer` as JSON Schema for ajv (same required set and facets as the XSD). */
export function customerJsonSchema(): object {
  const address = {
    type: 'object',
    additionalProperties: false,
    required: ['Street', 'City', 'PostalCode', 'Country'],
    properties: {
      Street: { type: 'string' },
      City: { type: 'string' },
      PostalCode: { type: 'string', pattern: '^[0-9]{5}$' },
      Country: { type: 'string', minLength: 2, maxLength: 2 },
    },
  };
  const contact = {
    type: 'object',
    additionalProperties: false,
    required: ['Email', 'Address'],
    properties: {
      Email: { type: 'string', maxLength: 254, pattern: '^[^@]+@[^@]+$' },
      Phone: { type: 'string' },
      Address: address,
    },
  };
  return {
    type: 'object',
    additionalProperties: false,
    required: ['Id', 'Name', 'Tier', 'Active', 'Seats', 'Balance', 'Created', 'Primary', 'Region', 'Locale', 'Score', 'Verified', 'Plan', 'Renewals'],
    properties: {
      Id: { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
      Name: { type: 'string', minLength: 1, maxLength: 100 },
      Tier: { enum: ['free', 'pro', 'enterprise'] },
      Active: { type: 'boolean' },
      Seats: { type: 'integer', minimum: 1, maximum: 10000 },
      Balance: { type: 'number' },
      Discount: { type: 'number', minimum: 0, maximum: 100 },
      Created: { type: 'string' },
      Notes: { type: 'string' },
      Primary: contact,
      Billing: contact,
      Tag: { type: 'array', items: { type: 'string' } },
      Region: { type: 'string' },
      Locale: { type: 'string' },
      Referrer: { type: 'string' },
      Score: { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
      Verified: { type: 'boolean' },
      Manager: { type: 'string' },
      Plan: { type: 'string' },
      Renewals: { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
    },
  };
}

/** A valid `Customer` (variant `i` so the JIT sees more than one constant object). */
export function customerSample(i = 0): Record<string, unknown> {
  const contact = (n: number) => ({
    Email: `user${n}@example.com`,
    Phone: '+1 555 0100',
    Address: { Street: `${n} Main St`, City: 'Springfield', PostalCode: String(10000 + (n % 89999)), Country: 'US' },
  });
  return {
    Id: i,
    Name: `Customer ${i}`,
    Tier: ['free', 'pro', 'enterprise'][i % 3],
    Active: i % 2 === 0,
    Seats: 1 + (i % 500),
    Balance: 1234.5 + i,
    Discount: i % 100,
    Created: '2025-01-15',
    Notes: 'n',
    Primary: contact(i),
    Billing: contact(i + 1),
    Tag: ['a', 'b', 'c'],
    Region: 'NA',
    Locale: 'en-US',
    Referrer: 'web',
    Score: i % 1000,
    Verified: true,
    Manager: 'M',
    Plan: 'annual',
    Renewals: i % 7,
  };
}

/** One `License` record as the generated types model it (longs and decimals as strings). */
export interface LicenseData {
  id: number;
  Code: string;
  Name?: string;
  Seats: number;
  Price: string;
  Expires: string;
  Note: string | null;
}

export function licensesData(n: number): LicenseData[] {
  const out: LicenseData[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      id: i,
      Code: (9007199254740993n + BigInt(i) * 7919n).toString(),
      Name: `A&B ${i}`,
      Seats: i % 50,
      Price: `${100 + (i % 900)}.${String(i % 100).padStart(2, '0')}`,
      Expires: `2027-0${(i % 9) + 1}-15`,
      Note: i % 10 === 0 ? null : `n${i}`,
    };
  }
  return out;
}

/** A `GetLicensesResponse` envelope with `n` records, the way asmx writes it (~170 bytes a record). */
export function licensesResponse(n: number): string {
  const parts: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    '<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\n',
    `  <soap:Body>\n    <GetLicensesResponse xmlns="${BENCH_NS}">\n      <GetLicensesResult>\n`,
  ];
  // Unindented like asmx's XmlSerializer output, one record a line: ~170 bytes a
  // record, so 100k records make the ~17 MB of the issue.
  for (const r of licensesData(n)) {
    parts.push(
      `<License id="${r.id}"><Code>${r.Code}</Code><Name>${r.Name!.replace('&', '&amp;')}</Name><Seats>${r.Seats}</Seats>` +
        `<Price>${r.Price}</Price><Expires>${r.Expires}</Expires>` +
        (r.Note === null ? '<Note xsi:nil="true" />' : `<Note>${r.Note}</Note>`) +
        '</License>\n',
    );
  }
  parts.push('      </GetLicensesResult>\n    </GetLicensesResponse>\n  </soap:Body>\n</soap:Envelope>\n');
  return parts.join('');
}

/** A `SubmitOrder` request object (all ~30 fields filled). */
export function orderData(): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  for (const [n, t] of ORDER_FIELDS) {
    v[n] =
      t === 's:long' ? '9007199254740993' :
      t === 's:int' ? 42 :
      t === 's:decimal' ? '1234.56' :
      t === 's:date' ? '2025-03-01' :
      t === 's:dateTime' ? '2025-03-01T10:00:00Z' :
      t === 's:boolean' ? true :
      t === 'tns:Currency' ? 'EUR' :
      `${n} value`;
  }
  return v;
}

/** The 20-line reply every server in the SOAP server case returns. */
export function orderReply(): { Accepted: boolean; Line: Array<Record<string, unknown>> } {
  return {
    Accepted: true,
    Line: Array.from({ length: 20 }, (_, i) => ({ Line: i + 1, Sku: `SKU-${i}`, Quantity: i + 1, UnitPrice: '19.99', LicenseCode: String(9007199254740993n + BigInt(i)) })),
  };
}

/** The `SubmitOrder` request envelope (SOAP 1.1, asmx-style), as a client would send it. */
export function orderRequestEnvelope(): string {
  const d = orderData();
  const fields = ORDER_FIELDS.map(([n]) => `<${n}>${d[n]}</${n}>`).join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
    `<soap:Body><SubmitOrder xmlns="${BENCH_NS}">${fields}</SubmitOrder></soap:Body></soap:Envelope>`
  );
}

/**
 * A WSDL with `ops` document/literal operations. Each operation has its own
 * request type (scalars, a nested filter with a shared paging type and a list)
 * and its own response type (an array of items, each with an attribute, an
 * enumeration and a nested detail type), so types grow with operations.
 * Element names carry the operation number: wsdl-tsclient names its
 * definitions after elements and gives up on a name used more than ~64 times.
 */
export function syntheticWsdl(ops: number): string {
  const ns = 'http://synthetic.contract-gen.example/';
  const types: string[] = [];
  const messages: string[] = [];
  const portOps: string[] = [];
  const bindOps: string[] = [];
  types.push(`      <s:simpleType name="Status"><s:restriction base="s:string"><s:enumeration value="Active"/><s:enumeration value="Suspended"/><s:enumeration value="Closed"/></s:restriction></s:simpleType>
      <s:complexType name="Paging"><s:sequence><s:element name="Page" type="s:int"/><s:element name="Size" type="s:int"/></s:sequence></s:complexType>`);
  for (let i = 0; i < ops; i++) {
    const op = `Operation${i}`;
    types.push(`      <s:complexType name="${op}Filter">
        <s:sequence>
          <s:element minOccurs="0" name="From" type="s:date"/>
          <s:element minOccurs="0" name="To" type="s:date"/>
          <s:element minOccurs="0" maxOccurs="unbounded" name="Tag" type="s:string"/>
          <s:element name="Paging${i}" type="tns:Paging"/>
        </s:sequence>
      </s:complexType>
      <s:complexType name="${op}Detail">
        <s:sequence>
          <s:element name="Amount" type="s:decimal"/>
          <s:element minOccurs="0" name="Comment" nillable="true" type="s:string"/>
          <s:element name="Updated" type="s:dateTime"/>
        </s:sequence>
      </s:complexType>
      <s:complexType name="${op}Item">
        <s:sequence>
          <s:element name="Code" type="s:long"/>
          <s:element name="Name" type="s:string"/>
          <s:element name="Status" type="tns:Status"/>
          <s:element name="Detail${i}" type="tns:${op}Detail"/>
        </s:sequence>
        <s:attribute name="id" type="s:int" use="required"/>
      </s:complexType>
      <s:element name="${op}">
        <s:complexType><s:sequence>
          <s:element name="Id" type="s:int"/>
          <s:element minOccurs="0" name="Name" type="s:string"/>
          <s:element name="Filter${i}" type="tns:${op}Filter"/>
        </s:sequence></s:complexType>
      </s:element>
      <s:element name="${op}Response">
        <s:complexType><s:sequence>
          <s:element minOccurs="0" maxOccurs="unbounded" name="Item${i}" type="tns:${op}Item"/>
        </s:sequence></s:complexType>
      </s:element>`);
    messages.push(
      `  <wsdl:message name="${op}SoapIn"><wsdl:part name="parameters" element="tns:${op}"/></wsdl:message>\n` +
        `  <wsdl:message name="${op}SoapOut"><wsdl:part name="parameters" element="tns:${op}Response"/></wsdl:message>`,
    );
    portOps.push(`    <wsdl:operation name="${op}"><wsdl:input message="tns:${op}SoapIn"/><wsdl:output message="tns:${op}SoapOut"/></wsdl:operation>`);
    bindOps.push(
      `    <wsdl:operation name="${op}"><soap:operation soapAction="${ns}${op}" style="document"/>` +
        '<wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>',
    );
  }
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:tns="${ns}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="${ns}">
  <wsdl:types>
    <s:schema elementFormDefault="qualified" targetNamespace="${ns}">
${types.join('\n')}
    </s:schema>
  </wsdl:types>
${messages.join('\n')}
  <wsdl:portType name="SyntheticSoap">
${portOps.join('\n')}
  </wsdl:portType>
  <wsdl:binding name="SyntheticSoap" type="tns:SyntheticSoap">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
${bindOps.join('\n')}
  </wsdl:binding>
  <wsdl:service name="Synthetic">
    <wsdl:port name="SyntheticSoap" binding="tns:SyntheticSoap"><soap:address location="http://127.0.0.1/synthetic.asmx"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}

/**
 * A small OpenAPI 3.0 document with `ops` × 2 operations (a GET with a path
 * parameter and a POST with a JSON body) over nested component schemas: the
 * smoke run's stand-in for GitHub's description.
 */
export function syntheticOpenApi(ops: number): object {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {
    Owner: { type: 'object', required: ['login', 'id'], properties: { login: { type: 'string' }, id: { type: 'integer', format: 'int64' }, site_admin: { type: 'boolean' } } },
  };
  for (let i = 0; i < ops; i++) {
    schemas[`Item${i}`] = {
      type: 'object',
      required: ['id', 'name', 'owner'],
      properties: {
        id: { type: 'integer' },
        name: { type: 'string', maxLength: 100 },
        state: { type: 'string', enum: ['open', 'closed'] },
        owner: { $ref: '#/components/schemas/Owner' },
        labels: { type: 'array', items: { type: 'string' } },
        updated_at: { type: 'string', format: 'date-time', nullable: true },
      },
    };
    const ref = { $ref: `#/components/schemas/Item${i}` };
    paths[`/items${i}/{id}`] = {
      get: {
        operationId: `getItem${i}`,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }, { name: 'per_page', in: 'query', schema: { type: 'integer', maximum: 100 } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: ref } } }, '404': { description: 'missing' } },
      },
    };
    paths[`/items${i}`] = {
      post: {
        operationId: `createItem${i}`,
        requestBody: { required: true, content: { 'application/json': { schema: ref } } },
        responses: { '201': { description: 'created', content: { 'application/json': { schema: ref } } } },
      },
    };
  }
  return { openapi: '3.0.3', info: { title: 'Synthetic', version: '1.0.0' }, servers: [{ url: 'http://127.0.0.1' }], paths, components: { schemas } };
}
