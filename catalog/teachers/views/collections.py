"""Collections: create, view (owner / shared link / public), order, annotate, export."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import exports, selectors
from ..forms import CollectionForm, ItemNoteForm, SaveToCollectionForm
from ..services.collections import (
    collection_add_material,
    collection_create,
    collection_delete,
    collection_item_move,
    collection_item_note,
    collection_item_remove,
    collection_update,
)
from . import found


def public_list(request):
    return render(
        request, "teachers/collection_list.html", {"collections": selectors.collections_public()}
    )


@login_required
def create(request):
    form = CollectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        collection = collection_create(request.user, **form.cleaned_data)
        messages.success(request, f"Collection “{collection.title}” created.")
        return redirect(collection.get_absolute_url())
    return render(request, "teachers/collection_form.html", {"form": form, "collection": None})


def detail(request, token):
    collection = found(selectors.collection_for_viewer(token, request.user), "collection")
    is_owner = request.user.is_authenticated and collection.owner_id == request.user.pk
    return render(
        request,
        "teachers/collection_detail.html",
        {"collection": collection, "is_owner": is_owner, "items": collection.items.all()},
    )


@login_required
def edit(request, token):
    collection = found(selectors.collection_for_owner(token, request.user), "collection")
    initial = {
        "title": collection.title,
        "description": collection.description,
        "visibility": collection.visibility,
    }
    form = CollectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        collection_update(collection, **form.cleaned_data)
        messages.success(request, "Collection saved.")
        return redirect(collection.get_absolute_url())
    return render(
        request, "teachers/collection_form.html", {"form": form, "collection": collection}
    )


@login_required
@require_POST
def delete(request, token):
    collection = found(selectors.collection_for_owner(token, request.user), "collection")
    collection_delete(collection)
    messages.success(request, "Collection deleted.")
    return redirect("teachers:dashboard")


@login_required
def save_material(request, slug):
    """Save a material into one of the teacher's collections (or a new one)."""
    material = found(selectors.material_for_teacher(slug), "material")
    mine = list(selectors.collections_of(request.user))
    form = SaveToCollectionForm(request.POST or None, collections=mine)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        collection = next((c for c in mine if str(c.token) == data["collection"]), None)
        if collection is None:
            collection = collection_create(request.user, title=data["new_title"].strip())
        collection_add_material(collection, material, data["note"])
        messages.success(request, f"Saved to “{collection.title}”.")
        return redirect(collection.get_absolute_url())
    return render(request, "teachers/save_material.html", {"form": form, "material": material})


@login_required
@require_POST
def item_action(request, token, item_id, action):
    """Move an item up or down, change its note, or remove it (owner only)."""
    item = found(selectors.collection_item_for_owner(token, item_id, request.user), "item")
    if action in ("up", "down"):
        collection_item_move(item, action)
    elif action == "note":
        form = ItemNoteForm(request.POST)
        if form.is_valid():
            collection_item_note(item, form.cleaned_data["note"])
            messages.success(request, "Note saved.")
    elif action == "remove":
        collection_item_remove(item)
        messages.success(request, "Removed from the collection.")
    else:
        raise Http404("No such action")
    return redirect(item.collection.get_absolute_url() + f"#item-{item_id}")


def export_csv(request, token):
    collection = found(selectors.collection_for_viewer(token, request.user), "collection")
    response = HttpResponse(exports.collection_csv(collection), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="collection-{collection.pk}.csv"'
    return response


def export_jsonld(request, token):
    collection = found(selectors.collection_for_viewer(token, request.user), "collection")
    body = json.dumps(exports.collection_jsonld(collection), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="collection-{collection.pk}.jsonld"'
    return response
