import type { SupportedLanguage } from './translation.ts'

/**
 * The facts a template may use, already formatted for the recipient (dates in
 * their zone, money in their locale). Declared here, beside the newer
 * templates, so that `email-templates.ts` (the older ones) and this file share
 * it without importing each other.
 */
export interface TemplateData {
  /** The order's reference; empty for notices about the buyer's record rather than an order. */
  readonly order: string
  readonly amount?: string
  readonly due?: string
  readonly reason?: string
  readonly outcome?: string
  readonly terms?: string
  readonly who?: string
  readonly preview?: string
  /** A scorecard limit as the recipient reads it, e.g. `10 %`. */
  readonly limit?: string
}

export type Template = (d: TemplateData) => { readonly title: string; readonly body: string }

/**
 * Notifications of late orders (issue 22's proactive nudges) and of a
 * cancellation the marketplace was asked to settle. Each says what happened,
 * what the reader may do now and what it costs.
 */
export const NudgeNotificationType = {
  /** The seller: the ship-by date passed and the order is unshipped. */
  late_shipment_seller: 'late_shipment_seller',
  /** The buyer: the seller has not shipped by the ship-by date; wait or cancel by right. */
  late_shipment_buyer: 'late_shipment_buyer',
  /** The seller: the estimated delivery date passed and no delivery was reported. */
  late_delivery_seller: 'late_delivery_seller',
  /** The buyer: the parcel is late; wait or open a not-received case. */
  late_delivery_buyer: 'late_delivery_buyer',
  /** Both parties: a cancellation went to the marketplace's agents. */
  cancellation_escalated: 'cancellation_escalated',
  /** The party an agent asked for information on an escalated cancellation. */
  cancellation_information_requested: 'cancellation_information_requested',
  /** Both parties: an agent cancelled the order or upheld it. */
  cancellation_decided: 'cancellation_decided',
} as const
export type NudgeNotificationType = keyof typeof NudgeNotificationType

export const nudgeTemplates: Readonly<
  Record<NudgeNotificationType, Readonly<Record<SupportedLanguage, Template>>>
> = {
  late_shipment_seller: {
    en: (d) => ({
      title: `Order ${d.order} is late to ship`,
      body: `The ship-by date (${d.due}) has passed. Ship it now and add tracking, or cancel it if you cannot. A shipment after the ship-by date counts as late on your scorecard (limit ${d.limit}).`,
    }),
    es: (d) => ({
      title: `El pedido ${d.order} se envía con retraso`,
      body: `La fecha límite de envío (${d.due}) ya pasó. Envíalo ahora y añade el seguimiento, o cancélalo si no puedes. Un envío tardío cuenta en tu reputación (límite ${d.limit}).`,
    }),
    pt: (d) => ({
      title: `O pedido ${d.order} está atrasado para envio`,
      body: `A data limite de envio (${d.due}) passou. Envie agora e informe o rastreio, ou cancele se não puder. Um envio atrasado conta na sua reputação (limite ${d.limit}).`,
    }),
    fr: (d) => ({
      title: `La commande ${d.order} est en retard d’expédition`,
      body: `La date limite d’expédition (${d.due}) est passée. Expédiez-la maintenant avec le suivi, ou annulez-la si vous ne pouvez pas. Une expédition tardive compte dans vos performances (limite ${d.limit}).`,
    }),
  },
  late_shipment_buyer: {
    en: (d) => ({
      title: `Order ${d.order} has not shipped yet`,
      body:
        d.due === undefined
          ? `The seller has not shipped by the ship-by date. We reminded them. You may wait, or ask the seller to cancel.`
          : `The seller has not shipped by the ship-by date. We reminded them. You may wait, or cancel the order yourself from ${d.due}.`,
    }),
    es: (d) => ({
      title: `El pedido ${d.order} aún no se ha enviado`,
      body:
        d.due === undefined
          ? `El vendedor no envió a tiempo. Se lo recordamos. Puedes esperar o pedirle que cancele.`
          : `El vendedor no envió a tiempo. Se lo recordamos. Puedes esperar o cancelar tú mismo a partir del ${d.due}.`,
    }),
    pt: (d) => ({
      title: `O pedido ${d.order} ainda não foi enviado`,
      body:
        d.due === undefined
          ? `O vendedor não enviou no prazo. Nós o lembramos. Você pode esperar ou pedir que ele cancele.`
          : `O vendedor não enviou no prazo. Nós o lembramos. Você pode esperar ou cancelar o pedido a partir de ${d.due}.`,
    }),
    fr: (d) => ({
      title: `La commande ${d.order} n’est pas encore expédiée`,
      body:
        d.due === undefined
          ? `Le vendeur n’a pas expédié à temps. Nous le lui avons rappelé. Vous pouvez attendre ou lui demander d’annuler.`
          : `Le vendeur n’a pas expédié à temps. Nous le lui avons rappelé. Vous pouvez attendre ou annuler vous-même à partir du ${d.due}.`,
    }),
  },
  late_delivery_seller: {
    en: (d) => ({
      title: `Order ${d.order} is late to arrive`,
      body: `The estimated delivery date (${d.due}) has passed without a delivery. Check the tracking and tell the buyer what you know. The buyer may now open a not-received case, which counts on your scorecard (limit ${d.limit}).`,
    }),
    es: (d) => ({
      title: `El pedido ${d.order} llega con retraso`,
      body: `La fecha estimada de entrega (${d.due}) pasó sin entrega. Revisa el seguimiento e informa al comprador. Ahora puede abrir un caso por no recibido, que cuenta en tu reputación (límite ${d.limit}).`,
    }),
    pt: (d) => ({
      title: `O pedido ${d.order} está atrasado`,
      body: `A data estimada de entrega (${d.due}) passou sem entrega. Verifique o rastreio e informe o comprador. Ele já pode abrir um caso de não recebido, que conta na sua reputação (limite ${d.limit}).`,
    }),
    fr: (d) => ({
      title: `La commande ${d.order} est en retard de livraison`,
      body: `La date de livraison estimée (${d.due}) est passée sans livraison. Vérifiez le suivi et informez l’acheteur. Il peut maintenant ouvrir un litige pour non-réception, qui compte dans vos performances (limite ${d.limit}).`,
    }),
  },
  late_delivery_buyer: {
    en: (d) => ({
      title: `Order ${d.order} is late`,
      body:
        d.due === undefined
          ? `Your parcel has not arrived by its estimated delivery date. We told the seller. Please wait a little; the seller may have news.`
          : `Your parcel has not arrived by its estimated delivery date. We told the seller. You may wait, or open an "item not received" case from ${d.due}.`,
    }),
    es: (d) => ({
      title: `El pedido ${d.order} se retrasa`,
      body:
        d.due === undefined
          ? `Tu paquete no llegó en la fecha estimada. Avisamos al vendedor. Espera un poco; puede tener novedades.`
          : `Tu paquete no llegó en la fecha estimada. Avisamos al vendedor. Puedes esperar o abrir un caso por artículo no recibido a partir del ${d.due}.`,
    }),
    pt: (d) => ({
      title: `O pedido ${d.order} está atrasado`,
      body:
        d.due === undefined
          ? `Seu pacote não chegou na data estimada. Avisamos o vendedor. Aguarde um pouco; ele pode ter novidades.`
          : `Seu pacote não chegou na data estimada. Avisamos o vendedor. Você pode esperar ou abrir um caso de item não recebido a partir de ${d.due}.`,
    }),
    fr: (d) => ({
      title: `La commande ${d.order} est en retard`,
      body:
        d.due === undefined
          ? `Votre colis n’est pas arrivé à la date estimée. Nous avons prévenu le vendeur. Patientez un peu ; il aura peut-être des nouvelles.`
          : `Votre colis n’est pas arrivé à la date estimée. Nous avons prévenu le vendeur. Vous pouvez attendre ou ouvrir un litige pour non-réception à partir du ${d.due}.`,
    }),
  },
  cancellation_escalated: {
    en: (d) => ({
      title: `The marketplace will decide the cancellation of order ${d.order}`,
      body: `${d.who} asked the marketplace to decide. An agent will decide by ${d.due}; you may be asked for information.`,
    }),
    es: (d) => ({
      title: `El marketplace decidirá la cancelación del pedido ${d.order}`,
      body: `${d.who} pidió al marketplace que decida. Un agente decidirá antes del ${d.due}; puede pedirte información.`,
    }),
    pt: (d) => ({
      title: `O marketplace decidirá o cancelamento do pedido ${d.order}`,
      body: `${d.who} pediu ao marketplace que decida. Um agente decidirá até ${d.due}; ele pode pedir informações.`,
    }),
    fr: (d) => ({
      title: `La place de marché tranchera l’annulation de la commande ${d.order}`,
      body: `${d.who} a demandé à la place de marché de trancher. Un agent décidera avant le ${d.due} ; il pourra vous demander des informations.`,
    }),
  },
  cancellation_information_requested: {
    en: (d) => ({
      title: `An agent needs information on order ${d.order}`,
      body: `About the cancellation: ${d.preview}. Answer by ${d.due}; after that the agent decides without it.`,
    }),
    es: (d) => ({
      title: `Un agente necesita información sobre el pedido ${d.order}`,
      body: `Sobre la cancelación: ${d.preview}. Responde antes del ${d.due}; después el agente decidirá sin ella.`,
    }),
    pt: (d) => ({
      title: `Um agente precisa de informações sobre o pedido ${d.order}`,
      body: `Sobre o cancelamento: ${d.preview}. Responda até ${d.due}; depois o agente decide sem elas.`,
    }),
    fr: (d) => ({
      title: `Un agent a besoin d’informations sur la commande ${d.order}`,
      body: `À propos de l’annulation : ${d.preview}. Répondez avant le ${d.due} ; ensuite l’agent décidera sans.`,
    }),
  },
  cancellation_decided: {
    en: (d) => ({
      title: `Decision on the cancellation of order ${d.order}`,
      body:
        d.amount === undefined
          ? `The marketplace upheld the order: it stands and ships. ${d.reason}`
          : `The marketplace cancelled the order; ${d.amount} goes back to the buyer (${d.outcome}). ${d.reason}`,
    }),
    es: (d) => ({
      title: `Decisión sobre la cancelación del pedido ${d.order}`,
      body:
        d.amount === undefined
          ? `El marketplace mantuvo el pedido: sigue en pie y se envía. ${d.reason}`
          : `El marketplace canceló el pedido; ${d.amount} vuelven al comprador (${d.outcome}). ${d.reason}`,
    }),
    pt: (d) => ({
      title: `Decisão sobre o cancelamento do pedido ${d.order}`,
      body:
        d.amount === undefined
          ? `O marketplace manteve o pedido: ele segue e será enviado. ${d.reason}`
          : `O marketplace cancelou o pedido; ${d.amount} voltam ao comprador (${d.outcome}). ${d.reason}`,
    }),
    fr: (d) => ({
      title: `Décision sur l’annulation de la commande ${d.order}`,
      body:
        d.amount === undefined
          ? `La place de marché a maintenu la commande : elle est expédiée. ${d.reason}`
          : `La place de marché a annulé la commande ; ${d.amount} reviennent à l’acheteur (${d.outcome}). ${d.reason}`,
    }),
  },
}
