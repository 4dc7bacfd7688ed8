import type { KnowledgeDocumentInput } from '../../src/knowledge/knowledge-document-input.ts';

/** A small bilingual help centre: enough for paraphrases to land on one right document. */
export const KNOWLEDGE_DOCS = {
  returns: {
    title: 'Returns and refunds',
    source: 'url',
    url: 'https://help.example.com/returns',
    mediaType: 'text/markdown',
    content: `# Returns and refunds

You can return any unworn item within 30 days of delivery. Start a return from the Orders page of your account and print the prepaid label.

Refunds go back to the original payment method within 5 business days after the parcel reaches our warehouse.`,
  },
  shipping: {
    title: 'Shipping',
    source: 'upload',
    mediaType: 'text/markdown',
    content: `# Shipping

Standard delivery takes 3 to 5 working days and costs 4.95 euros. Orders over 50 euros ship free of charge.

Express delivery arrives the next working day when you order before 2 pm.`,
  },
  password: {
    title: 'Signing in',
    source: 'api',
    mediaType: 'text/plain',
    content:
      'Forgot your password? Click "Forgot password" on the sign-in page and we email you a reset link. The link expires after one hour.',
  },
  zhReturns: {
    title: '退货与退款',
    source: 'upload',
    mediaType: 'text/markdown',
    content:
      '# 退货与退款\n\n商品签收后三十天内，未穿着的商品都可以退货。请在账户的订单页面申请退货并打印预付运单。退款会在包裹到达仓库后五个工作日内退回原支付方式。',
  },
  zhShipping: {
    title: '配送说明',
    source: 'upload',
    mediaType: 'text/plain',
    content: '标准配送需要三到五个工作日，运费四点九五欧元。订单满五十欧元免运费。下午两点前下单的加急配送次日送达。',
  },
} satisfies Record<string, KnowledgeDocumentInput>;
