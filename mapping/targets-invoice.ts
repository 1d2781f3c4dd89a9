import type { TargetSpec } from './targets';
import { ID_WORDS } from './targets-words';

// The tables here keep one dense line per entry (the formatter would put one word per line).
// prettier-ignore
const WHEN = ['date', 'time', 'at', 'on', 'utc', 'timestamp', 'datetime', 'dt', 'ts', 'when', 'day'];
// prettier-ignore
const NOT_TOTAL = ['sub', 'subtotal', 'tax', 'discount', 'paid', 'due', 'remaining', 'balance', 'credit', 'credited', 'refunded',
  'refund', 'shipping', 'outstanding', 'unpaid', 'rounding', 'deposit', 'fee', 'fees', 'base', 'exchange', 'rate', 'count', 'percent',
  'percentage', 'quantity', 'net', 'without', 'excluding', 'excl', 'before', 'written', 'overpaid', 'prepaid', 'applied', 'allowance'];

// prettier-ignore
export const INVOICE_TARGETS: TargetSpec[] = [
  { target: 'source_id', kind: 'id', names: ['id', 'uuid', 'guid', 'identifier', 'entity_id', 'key', 'record_id', 'object_id', '_id'], described: ID_WORDS, required: true },
  {
    target: 'customer_id',
    kind: 'ref',
    names: ['customer', 'customer_id', 'client_id', 'contact_id', 'account_id', 'customer_ref', 'buyer_id', 'partner_id', 'customerid', 'clientid', 'contactid', 'customer_uuid', 'recipient_id', 'purchaser_id', 'member_id', 'person_id'],
    words: [['customer', 'client', 'contact', 'buyer', 'partner', 'recipient', 'purchaser', 'debtor', 'company', 'organization', 'member', 'person', 'account'], ['id', 'ref', 'key', 'uuid', 'guid', 'identifier', 'code', 'idfk', 'fk']],
    never: ['name', 'email', 'phone', 'address', 'type', 'number', 'tax', 'vat', 'bank', 'ledger', 'external', 'group', 'category', 'note', 'notes', 'memo', 'reference', 'po', 'order', 'currency', 'language', 'user', 'owner', 'created', 'updated'],
    required: true,
  },
  {
    target: 'invoice_number',
    kind: 'text',
    names: ['invoice_number', 'number', 'invoice_no', 'invoice_num', 'doc_number', 'document_number', 'invoicenumber', 'display_id', 'document_no', 'bill_number', 'reference_number', 'invoice_nr', 'nr', 'no', 'reference'],
    words: [['number', 'no', 'num', 'nr', 'increment', 'display'], ['invoice', 'document', 'doc', 'bill', 'id', 'number']],
    never: ['order', 'po', 'purchase', 'tax', 'vat', 'customer', 'client', 'contact', 'account', 'phone', 'bank', 'tracking', 'line', 'item', 'items', 'lines', 'count', 'of', 'registration', 'iban', 'credit', 'card', 'sequence', 'prefix', 'suffix'],
    described: ['invoice number', 'number of the invoice', 'document number'],
  },
  {
    target: 'status',
    kind: 'enum',
    names: ['status', 'state', 'invoice_status', 'payment_status', 'document_status', 'invoice_state', 'status_code', 'statuscode'],
    words: [['status', 'state']],
    never: ['email', 'sent', 'delivery', 'sync', 'shipping', 'fulfillment', 'tax', 'reason', 'message', 'date', 'at', 'by', 'transitions', 'history', 'billing', 'address', 'edi', 'einvoice', 'online', 'approval', 'print', 'export'],
    required: true,
    values: {
      draft: ['draft', 'new', 'drafted', 'preview', 'unsent', 'not_sent', 'created', 'proforma', 'pending_approval', 'incomplete', 'open_draft'],
      pending: ['open', 'pending', 'sent', 'unpaid', 'outstanding', 'submitted', 'authorised', 'authorized', 'awaiting_payment', 'posted',
        'approved', 'issued', 'scheduled', 'partially_paid', 'partial', 'partiallypaid', 'part_paid', 'due', 'viewed', 'payment_pending', 'finalized', 'final', 'active', 'booked', 'unpaid_due', 'processing', 'in_progress'],
      paid: ['paid', 'settled', 'complete', 'completed', 'closed', 'fully_paid', 'paid_in_full', 'refunded', 'partially_refunded'],
      void: ['void', 'voided', 'uncollectible', 'cancelled', 'canceled', 'deleted', 'written_off', 'cancel', 'failed', 'rejected', 'reversed', 'credited', 'archived', 'error', 'invalid', 'storno'],
      overdue: ['overdue', 'past_due', 'late', 'delinquent', 'expired'],
    },
  },
  { target: 'currency', kind: 'currency', names: ['currency', 'currency_code', 'currencycode', 'currency_iso', 'currency_iso_code', 'iso_currency_code', 'currencyisocode', 'currency_id'], words: [['currency']], never: ['rate', 'exchange', 'symbol', 'name', 'format', 'base', 'home', 'company', 'default', 'position', 'decimals'], required: true },
  {
    target: 'subtotal',
    kind: 'money',
    names: ['subtotal', 'sub_total', 'net_amount', 'amount_before_tax', 'subtotal_amount', 'amount_without_tax', 'total_excluding_tax', 'total_net', 'net_total', 'amount_excluding_tax', 'total_without_tax', 'total_ex_tax', 'sub_total_amount', 'net', 'total_before_tax', 'amount_net', 'total_excl_tax', 'line_total'],
    words: [['subtotal', 'sub', 'net', 'without', 'excluding', 'excl', 'before', 'untaxed', 'exclusive', 'detail', 'details', 'lines'], ['total', 'amount', 'sum', 'price', 'value']],
    never: ['discount', 'shipping', 'base', 'paid', 'due', 'balance', 'weight', 'rate', 'percent', 'count', 'line', 'lines'],
    required: true,
  },
  { target: 'discount', kind: 'money', names: ['total_discount', 'discount', 'discount_amount', 'discount_total', 'total_discount_amount'], words: [['discount']], never: ['rate', 'percent', 'percentage', 'type', 'code', 'id', 'name'] },
  {
    target: 'tax',
    kind: 'money',
    names: ['tax', 'total_tax', 'tax_amount', 'tax_total', 'total_tax_amount', 'vat', 'vat_amount', 'total_vat', 'gst', 'sales_tax', 'tax_sum', 'taxes'],
    words: [['tax', 'vat', 'gst', 'taxes']],
    never: ['rate', 'id', 'number', 'code', 'exempt', 'type', 'included', 'inclusive', 'percent', 'percentage', 'name', 'without', 'excluding', 'excl', 'before', 'treatment', 'status', 'region', 'registration', 'base', 'withholding', 'shipping', 'mode', 'calculation', 'class', 'category', 'reverse', 'point', 'date'],
  },
  {
    target: 'total',
    kind: 'money',
    names: ['total', 'total_amount', 'grand_total', 'amount', 'amount_total', 'gross_amount', 'total_gross', 'invoice_total', 'gross_total', 'total_incl_tax', 'total_including_tax', 'amount_including_tax', 'total_price', 'sum', 'gross', 'total_with_tax', 'value'],
    words: [['total', 'amount', 'gross', 'sum']],
    never: NOT_TOTAL,
    required: true,
  },
  {
    target: 'issue_date',
    kind: 'date',
    names: ['issue_date', 'invoice_date', 'date', 'issued_date', 'issued_at', 'issued', 'issued_on', 'document_date', 'date_issued', 'issuedate', 'billing_date', 'bill_date', 'invoiced_at', 'fulfillment_date', 'created', 'created_at', 'creation_date', 'created_date'],
    words: [['issue', 'issued', 'invoice', 'invoiced', 'document', 'billing', 'bill'], WHEN],
    never: ['due', 'paid', 'payment', 'sent', 'updated', 'modified', 'period', 'start', 'end', 'delivery', 'shipping', 'service', 'tax', 'expected', 'reminder', 'last', 'next', 'posted'],
    required: true,
  },
  { target: 'due_date', kind: 'date', names: ['due_date', 'due', 'due_at', 'payment_due', 'date_due', 'due_on', 'payment_due_date', 'duedate', 'expiration_date', 'due_by'], words: [['due'], WHEN], never: ['amount', 'days', 'term', 'terms', 'reminder', 'balance', 'total', 'net', 'period'] },
  { target: 'paid_date', kind: 'date', names: ['paid_date', 'paid_at', 'payment_date', 'date_paid', 'paid_on', 'fully_paid_on_date', 'paid', 'payment_at', 'settled_at', 'paid_on_date', 'last_payment_date'], words: [['paid', 'pay', 'payment', 'settled', 'settlement'], WHEN], never: ['due', 'amount', 'method', 'terms', 'term', 'reference', 'status', 'type', 'expected', 'planned', 'next', 'scheduled'] },
  { target: 'line_items[].description', kind: 'text', names: ['description', 'desc', 'name', 'title', 'text', 'item_name', 'product_name', 'line_description', 'label', 'item_description', 'memo', 'details', 'article_name', 'service'], never: ['id', 'code', 'sku', 'type', 'unit', 'tax', 'account', 'category'] },
  { target: 'line_items[].quantity', kind: 'quantity', names: ['quantity', 'qty', 'units', 'count', 'quantity_invoiced', 'qty_invoiced', 'amount_of_units', 'number_of_units', 'pieces'], words: [['quantity', 'qty']], never: ['unit', 'price', 'type', 'code', 'ordered', 'shipped', 'refunded', 'returned', 'available', 'min', 'max'] },
  { target: 'line_items[].unit_price', kind: 'money', names: ['unit_price', 'unit_amount', 'price', 'rate', 'unit_cost', 'price_per_unit', 'unitprice', 'item_price', 'unit_price_amount', 'net_price', 'sale_price', 'cost', 'price_unit'], words: [['unit', 'price', 'rate', 'each'], ['price', 'amount', 'cost', 'rate']], never: ['tax', 'vat', 'type', 'id', 'currency', 'discount', 'total', 'original', 'list', 'base', 'code', 'percent'] },
  { target: 'line_items[].total', kind: 'money', names: ['total', 'line_total', 'amount', 'line_amount', 'total_amount', 'row_total', 'subtotal', 'net_amount', 'total_price', 'sum', 'extended_amount', 'gross_amount', 'price_total'], words: [['total', 'amount', 'sum']], never: ['tax', 'vat', 'discount', 'unit', 'base', 'currency', 'percent', 'paid', 'due', 'refunded', 'invoiced'] },
];
