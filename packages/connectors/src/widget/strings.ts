/** Every word the widget shows, in each language it speaks. Message text comes from the server as written. */
export interface WidgetStrings {
  title: string;
  openChat: string;
  closeChat: string;
  greeting: string;
  inputLabel: string;
  placeholder: string;
  send: string;
  talkToPerson: string;
  reconnecting: string;
  unavailable: string;
  sending: string;
  sent: string;
  failed: string;
  retry: string;
  you: string;
  bot: string;
  team: string;
  botTyping: string;
  typing: (name: string) => string;
  status: { bot: string; waiting: string; assigned: string; closed: string };
  joined: (name: string) => string;
  handoffFailed: string;
  unread: (count: number) => string;
  sources: string;
  opensInNewTab: string;
}

const en: WidgetStrings = {
  title: 'Chat with us',
  openChat: 'Open chat',
  closeChat: 'Close chat',
  greeting: 'Hi! Ask us anything.',
  inputLabel: 'Message',
  placeholder: 'Type a message…',
  send: 'Send',
  talkToPerson: 'Talk to a person',
  reconnecting: 'Reconnecting…',
  unavailable: 'Chat is unavailable right now.',
  sending: 'Sending…',
  sent: 'Sent',
  failed: 'Not sent',
  retry: 'Retry',
  you: 'You',
  bot: 'Bot',
  team: 'Support',
  botTyping: 'The bot is typing…',
  typing: (name) => `${name} is typing…`,
  status: {
    bot: 'You are chatting with the bot.',
    waiting: 'Waiting for a member of our team…',
    assigned: 'You are chatting with our team.',
    closed: 'This conversation has ended.',
  },
  joined: (name) => `${name} joined the chat.`,
  handoffFailed: 'Could not reach our team. Please try again.',
  unread: (count) => `${count} new`,
  sources: 'Sources',
  opensInNewTab: '(opens in a new tab)',
};

const zh: WidgetStrings = {
  title: '在线客服',
  openChat: '打开聊天',
  closeChat: '关闭聊天',
  greeting: '您好！有什么可以帮您？',
  inputLabel: '消息',
  placeholder: '输入消息…',
  send: '发送',
  talkToPerson: '转人工客服',
  reconnecting: '正在重新连接…',
  unavailable: '聊天暂时不可用。',
  sending: '发送中…',
  sent: '已发送',
  failed: '发送失败',
  retry: '重试',
  you: '我',
  bot: '机器人',
  team: '客服',
  botTyping: '机器人正在输入…',
  typing: (name) => `${name} 正在输入…`,
  status: {
    bot: '您正在与机器人对话。',
    waiting: '正在为您转接人工客服…',
    assigned: '人工客服已接入。',
    closed: '对话已结束。',
  },
  joined: (name) => `${name} 已加入对话。`,
  handoffFailed: '暂时无法转接人工客服，请稍后再试。',
  unread: (count) => `${count} 条新消息`,
  sources: '来源',
  opensInNewTab: '（在新标签页中打开）',
};

/** The first language the page states: the script's data-lang, then `<html lang>`, then the browser's. */
export function pickStrings(...preferences: Array<string | null | undefined>): { lang: 'en' | 'zh'; strings: WidgetStrings } {
  const stated = preferences.find((tag) => tag && tag.trim()) ?? 'en';
  return stated.trim().toLowerCase().startsWith('zh') ? { lang: 'zh', strings: zh } : { lang: 'en', strings: en };
}
