import type { BuyerCancelReason, CaseReason } from '../policy/vocabulary.ts'
import type { CaseParty, DecisionOutcome, OfferTerms } from '../domain/case/vocabulary.ts'
import {
  NudgeNotificationType,
  nudgeTemplates,
  type Template,
  type TemplateData,
} from './email-templates-nudges.ts'
import type { SupportedLanguage } from './translation.ts'

export type { TemplateData } from './email-templates-nudges.ts'

/**
 * What Recourse tells people, per notification type, in every language it
 * speaks. The same words go to the in-app list (title, body) and to email
 * (subject, body, link, footer). Add a language by adding a column to every
 * table below; the type system lists what is missing.
 */
export const NotificationType = {
  /** The seller: a buyer opened a case on one of its orders. */
  case_opened: 'case_opened',
  /** The other party: an offer (or counter-offer) waits for an answer. */
  offer_made: 'offer_made',
  /** Both parties: the marketplace stepped in. */
  case_escalated: 'case_escalated',
  /** Both parties: an agent decided (or decided an appeal). */
  case_decided: 'case_decided',
  /** Both parties: the case is over. */
  case_closed: 'case_closed',
  /** The seller: the buyer asked to cancel and the seller must answer. */
  cancellation_requested: 'cancellation_requested',
  /** The buyer: the order was cancelled and refunded. */
  cancellation_approved: 'cancellation_approved',
  /** The buyer: the seller declined the cancellation. */
  cancellation_declined: 'cancellation_declined',
  /** The other participants: a new message in the order's conversation. */
  message_received: 'message_received',
  /** The seller: the ship-by date is near and the order is unshipped. */
  ship_by_reminder: 'ship_by_reminder',
  /** The seller: the case's response is due within 24 hours. */
  response_due_reminder: 'response_due_reminder',
  /** The party an offer waits on: it lapses within 24 hours. */
  offer_expiring_reminder: 'offer_expiring_reminder',
  /** The buyer: the return must ship soon (sent once returns run their reminder deadline). */
  return_ship_by_reminder: 'return_ship_by_reminder',
  /** The buyer: an agent cleared or upheld its appeal against the abuse signals on its record. */
  abuse_appeal_decided: 'abuse_appeal_decided',
  ...NudgeNotificationType,
} as const
export type NotificationType = keyof typeof NotificationType

export const notificationTypes = Object.keys(NotificationType) as NotificationType[]

/** Which channels a type uses unless the user says otherwise. Messages stay in the app: email per message would flood. */
export const defaultChannels: Readonly<
  Record<NotificationType, { readonly email: boolean; readonly inApp: boolean }>
> = {
  case_opened: { email: true, inApp: true },
  offer_made: { email: true, inApp: true },
  case_escalated: { email: true, inApp: true },
  case_decided: { email: true, inApp: true },
  case_closed: { email: false, inApp: true },
  cancellation_requested: { email: true, inApp: true },
  cancellation_approved: { email: true, inApp: true },
  cancellation_declined: { email: true, inApp: true },
  message_received: { email: false, inApp: true },
  ship_by_reminder: { email: true, inApp: true },
  response_due_reminder: { email: true, inApp: true },
  offer_expiring_reminder: { email: true, inApp: true },
  return_ship_by_reminder: { email: true, inApp: true },
  abuse_appeal_decided: { email: true, inApp: true },
  late_shipment_seller: { email: true, inApp: true },
  late_shipment_buyer: { email: true, inApp: true },
  late_delivery_seller: { email: true, inApp: true },
  late_delivery_buyer: { email: true, inApp: true },
  cancellation_escalated: { email: true, inApp: true },
  cancellation_information_requested: { email: true, inApp: true },
  cancellation_decided: { email: true, inApp: true },
}

type Lang = SupportedLanguage

/**
 * The codes a notification carries, as a person says them. Each table is typed
 * on its vocabulary, so a new case reason, outcome or offer does not compile
 * until every language has words for it.
 */
interface Words {
  readonly caseReasons: Readonly<Record<CaseReason, string>>
  readonly decisionOutcomes: Readonly<Record<DecisionOutcome, string>>
  readonly offerTerms: Readonly<Record<OfferTerms['kind'], string>>
  /** Only a buyer's request waits for the seller's answer, so only the buyer's reasons are written to anyone. */
  readonly cancelReasons: Readonly<Record<BuyerCancelReason, string>>
  readonly parties: Readonly<Record<CaseParty['role'], string>>
}

const words: Readonly<Record<Lang, Words>> = {
  en: {
    caseReasons: {
      not_received: 'item not received',
      not_as_described: 'not as described',
      damaged: 'damaged',
      wrong_item: 'wrong item',
      defective: 'defective',
      missing_parts: 'missing parts',
      counterfeit: 'counterfeit',
      changed_mind: 'changed mind',
      doesnt_fit: 'does not fit',
    },
    decisionOutcomes: {
      refund_full: 'full refund',
      refund_partial: 'partial refund',
      return_required: 'return the item for a refund',
      replacement: 'replacement',
      seller_favor: 'in the seller’s favour',
    },
    offerTerms: {
      partial_refund: 'partial refund',
      full_refund_keep_item: 'full refund, keep the item',
      return_and_refund: 'return and refund',
      replacement: 'replacement',
    },
    cancelReasons: {
      order_mistake: 'ordered by mistake',
      found_cheaper_price: 'found it cheaper elsewhere',
      no_longer_needed: 'no longer needed',
      seller_not_shipped: 'not shipped in time',
    },
    parties: { buyer: 'The buyer', seller: 'The seller', agent: 'An agent' },
  },
  es: {
    caseReasons: {
      not_received: 'artículo no recibido',
      not_as_described: 'no coincide con la descripción',
      damaged: 'dañado',
      wrong_item: 'artículo equivocado',
      defective: 'defectuoso',
      missing_parts: 'faltan piezas',
      counterfeit: 'falsificado',
      changed_mind: 'cambio de opinión',
      doesnt_fit: 'no le queda',
    },
    decisionOutcomes: {
      refund_full: 'reembolso total',
      refund_partial: 'reembolso parcial',
      return_required: 'devolver el artículo para el reembolso',
      replacement: 'reemplazo',
      seller_favor: 'a favor del vendedor',
    },
    offerTerms: {
      partial_refund: 'reembolso parcial',
      full_refund_keep_item: 'reembolso total sin devolver el artículo',
      return_and_refund: 'devolución y reembolso',
      replacement: 'reemplazo',
    },
    cancelReasons: {
      order_mistake: 'compra por error',
      found_cheaper_price: 'lo encontró más barato',
      no_longer_needed: 'ya no lo necesita',
      seller_not_shipped: 'no se envió a tiempo',
    },
    parties: { buyer: 'El comprador', seller: 'El vendedor', agent: 'Un agente' },
  },
  pt: {
    caseReasons: {
      not_received: 'item não recebido',
      not_as_described: 'diferente do anunciado',
      damaged: 'danificado',
      wrong_item: 'item errado',
      defective: 'com defeito',
      missing_parts: 'faltam peças',
      counterfeit: 'falsificado',
      changed_mind: 'desistência',
      doesnt_fit: 'não serviu',
    },
    decisionOutcomes: {
      refund_full: 'reembolso total',
      refund_partial: 'reembolso parcial',
      return_required: 'devolver o item para o reembolso',
      replacement: 'substituição',
      seller_favor: 'a favor do vendedor',
    },
    offerTerms: {
      partial_refund: 'reembolso parcial',
      full_refund_keep_item: 'reembolso total sem devolver o item',
      return_and_refund: 'devolução e reembolso',
      replacement: 'substituição',
    },
    cancelReasons: {
      order_mistake: 'comprado por engano',
      found_cheaper_price: 'encontrou mais barato',
      no_longer_needed: 'não precisa mais',
      seller_not_shipped: 'não foi enviado a tempo',
    },
    parties: { buyer: 'O comprador', seller: 'O vendedor', agent: 'Um agente' },
  },
  fr: {
    caseReasons: {
      not_received: 'article non reçu',
      not_as_described: 'non conforme à la description',
      damaged: 'endommagé',
      wrong_item: 'mauvais article',
      defective: 'défectueux',
      missing_parts: 'pièces manquantes',
      counterfeit: 'contrefaçon',
      changed_mind: 'changement d’avis',
      doesnt_fit: 'taille inadaptée',
    },
    decisionOutcomes: {
      refund_full: 'remboursement intégral',
      refund_partial: 'remboursement partiel',
      return_required: 'renvoyer l’article pour être remboursé',
      replacement: 'remplacement',
      seller_favor: 'en faveur du vendeur',
    },
    offerTerms: {
      partial_refund: 'remboursement partiel',
      full_refund_keep_item: 'remboursement intégral, article conservé',
      return_and_refund: 'retour et remboursement',
      replacement: 'remplacement',
    },
    cancelReasons: {
      order_mistake: 'commandé par erreur',
      found_cheaper_price: 'trouvé moins cher ailleurs',
      no_longer_needed: 'n’en a plus besoin',
      seller_not_shipped: 'pas expédié à temps',
    },
    parties: { buyer: 'L’acheteur', seller: 'Le vendeur', agent: 'Un agent' },
  },
}

/**
 * One lookup per language over every table. The tables share codes only where
 * they mean the same thing (`replacement` is an outcome and an offer), and say
 * them the same way; `email-templates.test.ts` holds them to that.
 */
export const wordTables = (lang: Lang): readonly Readonly<Record<string, string>>[] => {
  const w = words[lang]
  return [w.caseReasons, w.decisionOutcomes, w.offerTerms, w.cancelReasons, w.parties]
}

const merged = (lang: Lang): Readonly<Record<string, string>> =>
  Object.fromEntries(wordTables(lang).flatMap((table) => Object.entries(table)))

const lookup: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: merged('en'),
  es: merged('es'),
  pt: merged('pt'),
  fr: merged('fr'),
}

/** A code as the recipient says it; a code of no table reads as itself with spaces. */
export const word = (lang: Lang, code: string): string =>
  lookup[lang][code] ?? code.replaceAll('_', ' ')

const templates: Readonly<Record<NotificationType, Readonly<Record<Lang, Template>>>> = {
  ...nudgeTemplates,
  case_opened: {
    en: (d) => ({
      title: `New case on order ${d.order}`,
      body: `The buyer opened a case: ${d.reason}. Claimed: ${d.amount}. Please respond by ${d.due}.`,
    }),
    es: (d) => ({
      title: `Nuevo caso en el pedido ${d.order}`,
      body: `El comprador abrió un caso: ${d.reason}. Reclama: ${d.amount}. Responde antes del ${d.due}.`,
    }),
    pt: (d) => ({
      title: `Novo caso no pedido ${d.order}`,
      body: `O comprador abriu um caso: ${d.reason}. Valor reclamado: ${d.amount}. Responda até ${d.due}.`,
    }),
    fr: (d) => ({
      title: `Nouveau litige sur la commande ${d.order}`,
      body: `L’acheteur a ouvert un litige : ${d.reason}. Montant réclamé : ${d.amount}. Répondez avant le ${d.due}.`,
    }),
  },
  offer_made: {
    en: (d) => ({
      title: `New offer on order ${d.order}`,
      body: `${d.who} offers: ${d.terms}. Answer by ${d.due}; without an answer the offer lapses.`,
    }),
    es: (d) => ({
      title: `Nueva oferta en el pedido ${d.order}`,
      body: `${d.who} ofrece: ${d.terms}. Responde antes del ${d.due}; sin respuesta, la oferta caduca.`,
    }),
    pt: (d) => ({
      title: `Nova oferta no pedido ${d.order}`,
      body: `${d.who} oferece: ${d.terms}. Responda até ${d.due}; sem resposta, a oferta expira.`,
    }),
    fr: (d) => ({
      title: `Nouvelle offre sur la commande ${d.order}`,
      body: `${d.who} propose : ${d.terms}. Répondez avant le ${d.due} ; sans réponse, l’offre expire.`,
    }),
  },
  case_escalated: {
    en: (d) => ({
      title: `Case on order ${d.order} escalated`,
      body: `The marketplace is stepping in. An agent will decide by ${d.due}.`,
    }),
    es: (d) => ({
      title: `Caso del pedido ${d.order} escalado`,
      body: `El marketplace interviene. Un agente decidirá antes del ${d.due}.`,
    }),
    pt: (d) => ({
      title: `Caso do pedido ${d.order} escalado`,
      body: `O marketplace vai intervir. Um agente decidirá até ${d.due}.`,
    }),
    fr: (d) => ({
      title: `Litige sur la commande ${d.order} transmis`,
      body: `La place de marché intervient. Un agent décidera avant le ${d.due}.`,
    }),
  },
  case_decided: {
    en: (d) => ({
      title: `Decision on order ${d.order}`,
      body: `An agent decided: ${d.outcome}. You may appeal until ${d.due}.`,
    }),
    es: (d) => ({
      title: `Decisión sobre el pedido ${d.order}`,
      body: `Un agente decidió: ${d.outcome}. Puedes apelar hasta el ${d.due}.`,
    }),
    pt: (d) => ({
      title: `Decisão sobre o pedido ${d.order}`,
      body: `Um agente decidiu: ${d.outcome}. Você pode recorrer até ${d.due}.`,
    }),
    fr: (d) => ({
      title: `Décision sur la commande ${d.order}`,
      body: `Un agent a décidé : ${d.outcome}. Vous pouvez faire appel jusqu’au ${d.due}.`,
    }),
  },
  case_closed: {
    en: (d) => ({ title: `Case on order ${d.order} closed`, body: 'The case is over.' }),
    es: (d) => ({ title: `Caso del pedido ${d.order} cerrado`, body: 'El caso ha terminado.' }),
    pt: (d) => ({ title: `Caso do pedido ${d.order} encerrado`, body: 'O caso foi encerrado.' }),
    fr: (d) => ({
      title: `Litige sur la commande ${d.order} clos`,
      body: 'Le litige est terminé.',
    }),
  },
  cancellation_requested: {
    en: (d) => ({
      title: `Cancellation requested for order ${d.order}`,
      body: `The buyer asked to cancel (${d.reason}). Approve or decline by ${d.due}.`,
    }),
    es: (d) => ({
      title: `Solicitud de cancelación del pedido ${d.order}`,
      body: `El comprador pidió cancelar (${d.reason}). Aprueba o rechaza antes del ${d.due}.`,
    }),
    pt: (d) => ({
      title: `Pedido de cancelamento do pedido ${d.order}`,
      body: `O comprador pediu para cancelar (${d.reason}). Aprove ou recuse até ${d.due}.`,
    }),
    fr: (d) => ({
      title: `Demande d’annulation de la commande ${d.order}`,
      body: `L’acheteur demande l’annulation (${d.reason}). Acceptez ou refusez avant le ${d.due}.`,
    }),
  },
  cancellation_approved: {
    en: (d) => ({
      title: `Order ${d.order} cancelled`,
      body: `The order is cancelled. Refund: ${d.amount}.`,
    }),
    es: (d) => ({
      title: `Pedido ${d.order} cancelado`,
      body: `El pedido está cancelado. Reembolso: ${d.amount}.`,
    }),
    pt: (d) => ({
      title: `Pedido ${d.order} cancelado`,
      body: `O pedido foi cancelado. Reembolso: ${d.amount}.`,
    }),
    fr: (d) => ({
      title: `Commande ${d.order} annulée`,
      body: `La commande est annulée. Remboursement : ${d.amount}.`,
    }),
  },
  cancellation_declined: {
    en: (d) => ({
      title: `Cancellation of order ${d.order} declined`,
      body: `The seller declined: ${d.reason}. The order stands.`,
    }),
    es: (d) => ({
      title: `Cancelación del pedido ${d.order} rechazada`,
      body: `El vendedor la rechazó: ${d.reason}. El pedido sigue en pie.`,
    }),
    pt: (d) => ({
      title: `Cancelamento do pedido ${d.order} recusado`,
      body: `O vendedor recusou: ${d.reason}. O pedido continua válido.`,
    }),
    fr: (d) => ({
      title: `Annulation de la commande ${d.order} refusée`,
      body: `Le vendeur a refusé : ${d.reason}. La commande est maintenue.`,
    }),
  },
  message_received: {
    en: (d) => ({ title: `New message about order ${d.order}`, body: `${d.who}: ${d.preview}` }),
    es: (d) => ({
      title: `Nuevo mensaje sobre el pedido ${d.order}`,
      body: `${d.who}: ${d.preview}`,
    }),
    pt: (d) => ({
      title: `Nova mensagem sobre o pedido ${d.order}`,
      body: `${d.who}: ${d.preview}`,
    }),
    fr: (d) => ({
      title: `Nouveau message sur la commande ${d.order}`,
      body: `${d.who} : ${d.preview}`,
    }),
  },
  ship_by_reminder: {
    en: (d) => ({
      title: `Ship order ${d.order} by ${d.due}`,
      body: `Order ${d.order} is not shipped yet. Ship it and add tracking by ${d.due}.`,
    }),
    es: (d) => ({
      title: `Envía el pedido ${d.order} antes del ${d.due}`,
      body: `El pedido ${d.order} aún no se ha enviado. Envíalo y añade el seguimiento antes del ${d.due}.`,
    }),
    pt: (d) => ({
      title: `Envie o pedido ${d.order} até ${d.due}`,
      body: `O pedido ${d.order} ainda não foi enviado. Envie e informe o rastreio até ${d.due}.`,
    }),
    fr: (d) => ({
      title: `Expédiez la commande ${d.order} avant le ${d.due}`,
      body: `La commande ${d.order} n’est pas encore expédiée. Expédiez-la et ajoutez le suivi avant le ${d.due}.`,
    }),
  },
  response_due_reminder: {
    en: (d) => ({
      title: `Reply to the case on order ${d.order} within 24 hours`,
      body: `Your response to the buyer’s case is due by ${d.due}. Without it the marketplace may step in.`,
    }),
    es: (d) => ({
      title: `Responde al caso del pedido ${d.order} en 24 horas`,
      body: `Tu respuesta al caso del comprador vence el ${d.due}. Sin ella, el marketplace puede intervenir.`,
    }),
    pt: (d) => ({
      title: `Responda ao caso do pedido ${d.order} em 24 horas`,
      body: `Sua resposta ao caso do comprador vence em ${d.due}. Sem ela, o marketplace pode intervir.`,
    }),
    fr: (d) => ({
      title: `Répondez au litige sur la commande ${d.order} sous 24 heures`,
      body: `Votre réponse au litige de l’acheteur est attendue avant le ${d.due}. Sans elle, la place de marché peut intervenir.`,
    }),
  },
  offer_expiring_reminder: {
    en: (d) => ({
      title: `An offer on order ${d.order} expires soon`,
      body: `Answer the offer (${d.terms}) by ${d.due}; without an answer it lapses.`,
    }),
    es: (d) => ({
      title: `Una oferta del pedido ${d.order} vence pronto`,
      body: `Responde a la oferta (${d.terms}) antes del ${d.due}; sin respuesta, caduca.`,
    }),
    pt: (d) => ({
      title: `Uma oferta do pedido ${d.order} vence em breve`,
      body: `Responda à oferta (${d.terms}) até ${d.due}; sem resposta, ela expira.`,
    }),
    fr: (d) => ({
      title: `Une offre sur la commande ${d.order} expire bientôt`,
      body: `Répondez à l’offre (${d.terms}) avant le ${d.due} ; sans réponse, elle expire.`,
    }),
  },
  return_ship_by_reminder: {
    en: (d) => ({
      title: `Ship the return for order ${d.order} by ${d.due}`,
      body: `Drop the parcel off with the label by ${d.due}, or the return may close without a refund.`,
    }),
    es: (d) => ({
      title: `Envía la devolución del pedido ${d.order} antes del ${d.due}`,
      body: `Entrega el paquete con la etiqueta antes del ${d.due}, o la devolución puede cerrarse sin reembolso.`,
    }),
    pt: (d) => ({
      title: `Envie a devolução do pedido ${d.order} até ${d.due}`,
      body: `Entregue o pacote com a etiqueta até ${d.due}, ou a devolução pode ser encerrada sem reembolso.`,
    }),
    fr: (d) => ({
      title: `Expédiez le retour de la commande ${d.order} avant le ${d.due}`,
      body: `Déposez le colis avec l’étiquette avant le ${d.due}, sinon le retour peut être clos sans remboursement.`,
    }),
  },
  // `outcome` is the code (`cleared` or `upheld`), `reason` the agent's rationale.
  abuse_appeal_decided: {
    en: (d) =>
      d.outcome === 'cleared'
        ? {
            title: 'Your appeal was accepted',
            body: `An agent cleared the signals on your record: ${d.reason}`,
          }
        : {
            title: 'Your appeal was not accepted',
            body: `An agent reviewed your record and the signals stand: ${d.reason}`,
          },
    es: (d) =>
      d.outcome === 'cleared'
        ? {
            title: 'Tu apelación fue aceptada',
            body: `Un agente retiró las alertas de tu historial: ${d.reason}`,
          }
        : {
            title: 'Tu apelación no fue aceptada',
            body: `Un agente revisó tu historial y las alertas se mantienen: ${d.reason}`,
          },
    pt: (d) =>
      d.outcome === 'cleared'
        ? {
            title: 'Seu recurso foi aceito',
            body: `Um agente retirou os alertas do seu histórico: ${d.reason}`,
          }
        : {
            title: 'Seu recurso não foi aceito',
            body: `Um agente revisou seu histórico e os alertas foram mantidos: ${d.reason}`,
          },
    fr: (d) =>
      d.outcome === 'cleared'
        ? {
            title: 'Votre recours a été accepté',
            body: `Un agent a levé les signalements de votre dossier : ${d.reason}`,
          }
        : {
            title: 'Votre recours n’a pas été accepté',
            body: `Un agent a examiné votre dossier et les signalements sont maintenus : ${d.reason}`,
          },
  },
}

const emailFooter: Readonly<Record<Lang, (link: string, settings: string) => string>> = {
  en: (link, settings) =>
    `Open it in Recourse: ${link}\n\n—\nYou get this email because of your purchases or sales on the marketplace. Choose which emails you get: ${settings}`,
  es: (link, settings) =>
    `Ábrelo en Recourse: ${link}\n\n—\nRecibes este correo por tus compras o ventas en el marketplace. Elige qué correos recibir: ${settings}`,
  pt: (link, settings) =>
    `Abra no Recourse: ${link}\n\n—\nVocê recebe este e-mail por suas compras ou vendas no marketplace. Escolha quais e-mails receber: ${settings}`,
  fr: (link, settings) =>
    `Ouvrir dans Recourse : ${link}\n\n—\nVous recevez cet e-mail pour vos achats ou ventes sur la place de marché. Choisissez vos e-mails : ${settings}`,
}

export interface RenderedNotification {
  readonly title: string
  readonly body: string
}

export const renderNotification = (
  type: NotificationType,
  lang: Lang,
  data: TemplateData,
): RenderedNotification => templates[type][lang](data)

/** The email text: the notification, the link to act on it, and how to choose what arrives by email. */
export const renderEmailText = (
  lang: Lang,
  rendered: RenderedNotification,
  link: string,
  settingsLink: string,
): string => `${rendered.body}\n\n${emailFooter[lang](link, settingsLink)}\n`

/**
 * Formatters are costly to build (each loads locale and zone data) and are
 * stateless, so one per language and zone or currency is kept: every
 * notification a command writes formats a date or an amount.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>()
const formatter = <F extends Intl.DateTimeFormat | Intl.NumberFormat>(
  key: string,
  make: () => F,
): F => {
  let f = formatters.get(key) as F | undefined
  if (!f) formatters.set(key, (f = make()))
  return f
}

/** Dates as the recipient reads them: their language, their time zone, with the zone named. */
export const formatInstant = (at: string, lang: Lang, timeZone: string): string =>
  formatter(
    `date:${lang}:${timeZone}`,
    () =>
      new Intl.DateTimeFormat(lang, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone,
        timeZoneName: 'short',
      }),
  ).format(new Date(at))

/** Minor units as the recipient reads money: `$45.00`, `45,00 US$`, `45,00 $US`. */
export const formatMoney = (minor: number, currency: string, lang: Lang): string => {
  const format = formatter(
    `money:${lang}:${currency}`,
    () => new Intl.NumberFormat(lang, { style: 'currency', currency }),
  )
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2
  return format.format(minor / 10 ** digits)
}
